using DBeta.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.IO;

/// <summary>Streams one vector column of any <see cref="IDataView"/> into a float32 <c>.npy</c> file, row by row.</summary>
public static class NpyColumnExport
{
    /// <summary>
    /// Writes <paramref name="columnName"/> (a known-size vector of Single) as <c>[N, ..rowShape]</c> to
    /// <paramref name="npyPath"/>, and, when <paramref name="idsCsvPath"/> is given, the <paramref name="idColumnName"/>
    /// column beside it as a one-column CSV in the same row order. Memory stays bounded by one row; both files appear
    /// only when every row is written (cancelled or failed runs leave nothing). Returns the row count.
    /// </summary>
    /// <param name="catalog">The ML.NET data catalog.</param>
    /// <param name="data">Rows to write, read once in order.</param>
    /// <param name="columnName">The vector column.</param>
    /// <param name="npyPath">Output <c>.npy</c> path.</param>
    /// <param name="rowShape">Shape of one row (e.g. <c>[12, 5000]</c>); default: the vector's length.</param>
    /// <param name="idColumnName">Text column written to the ids CSV (default <c>Id</c>).</param>
    /// <param name="idsCsvPath">Where to write the ids, or <c>null</c> for none.</param>
    /// <param name="cancellationToken">Stops between rows.</param>
    public static long SaveColumnAsNpy(this DataOperationsCatalog catalog, IDataView data, string columnName, string npyPath,
        long[]? rowShape = null, string idColumnName = "Id", string? idsCsvPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        int size = ColumnCheck.SingleVector(data.Schema, columnName);
        var column = data.Schema[columnName];
        DataViewSchema.Column? idColumn = null;
        if (idsCsvPath is not null)
        {
            idColumn = ColumnCheck.Find(data.Schema, idColumnName, "Text");
            if (idColumn.Value.Type is not TextDataViewType)
                throw ColumnCheck.Mismatch(idColumnName, "Text", idColumn.Value.Type.ToString());
        }

        using var writer = new NpyStreamWriter(npyPath, rowShape ?? [size]);
        if (writer.RowLength != size)
            throw new ArgumentException($"row shape [{string.Join(", ", rowShape!)}] holds {writer.RowLength} values, column '{columnName}' has {size}", nameof(rowShape));
        using var ids = idsCsvPath is null ? null : new PendingFile(idsCsvPath);
        var idText = ids is null ? null : new StreamWriter(ids.Stream, leaveOpen: true);
        idText?.WriteLine(idColumnName);

        using var cursor = data.GetRowCursor(idColumn is null ? [column] : [column, idColumn.Value]);
        var getValues = cursor.GetGetter<VBuffer<float>>(column);
        var getId = idColumn is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(idColumn.Value);
        VBuffer<float> values = default;
        ReadOnlyMemory<char> id = default;
        var dense = new float[size];
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            getValues(ref values);
            values.CopyTo(dense);
            writer.WriteRows(dense);
            if (getId is not null)
            {
                getId(ref id);
                idText!.WriteLine(CsvField.Escape(id.Span));
            }
        }

        // Everything that can fail (writing, flushing) happens before the first rename, so the two files appear together.
        idText?.Dispose();
        ids?.Stream.Flush(flushToDisk: true);
        writer.Complete();
        ids?.Commit();
        return writer.RowCount;
    }
}
