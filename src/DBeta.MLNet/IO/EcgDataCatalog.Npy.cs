using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Writes <paramref name="columnName"/> (a known-size vector of Single) as <c>[N, ..rowShape]</c> to
    /// <paramref name="npyPath"/>, and, when <paramref name="idsCsvPath"/> is given, an ids CSV beside it in the same row
    /// order, in the format of <c>dbeta embed --ids</c> (<see cref="EmbeddingIdsCsv"/>: <c>Id,SourceFile,RowIndex</c>).
    /// Memory stays bounded by one row; both files appear only when every row is written (cancelled or failed runs
    /// leave nothing). Returns the row count.
    /// </summary>
    /// <param name="catalog">The ML.NET data catalog.</param>
    /// <param name="data">Rows to write, read once in order.</param>
    /// <param name="columnName">The vector column.</param>
    /// <param name="npyPath">Output <c>.npy</c> path.</param>
    /// <param name="rowShape">Shape of one row (e.g. <c>[12, 5000]</c>); default: the vector's length.</param>
    /// <param name="idColumnName">Text column written as the ids CSV's <c>Id</c> (default <c>Id</c>).</param>
    /// <param name="idsCsvPath">Where to write the ids, or <c>null</c> for none.</param>
    /// <param name="sourceFile">
    /// The ids CSV's <c>SourceFile</c> for every row (e.g. <c>EcgDataView.Path</c> of an HDF5 or <c>.npy</c> file); default:
    /// the data's <c>SourceFile</c> text column when it has one (a view loaded with
    /// <see cref="EcgLoaderOptions.IncludeSourceColumns"/>: each record's own file), else empty. <c>RowIndex</c> is the data's
    /// <c>RowIndex</c> Int64 column when it has one, else the row's id, which for an ECG data view is the record's index in
    /// its source (its row in an HDF5 or <c>.npy</c> file; for a folder of WFDB records, its position in the folder).
    /// </param>
    /// <param name="cancellationToken">Stops between rows.</param>
    /// <example><code>
    /// var embedded = embeddingModel.Transform(ecgs);
    /// long rows = mlContext.Data.SaveColumnAsNpy(embedded, "Embedding", "embeddings.npy", idsCsvPath: "embeddings.ids.csv");
    /// </code></example>
    public static long SaveColumnAsNpy(this DataOperationsCatalog catalog, IDataView data, string columnName, string npyPath,
        long[]? rowShape = null, string idColumnName = DBetaColumnNames.Id, string? idsCsvPath = null, string? sourceFile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        int size = ColumnCheck.SingleVector(data.Schema, columnName);
        var column = data.Schema[columnName];
        var needed = new List<DataViewSchema.Column> { column };
        DataViewSchema.Column? idColumn = null, fileColumn = null, rowColumn = null;
        if (idsCsvPath is not null)
        {
            idColumn = TextColumn(data.Schema, idColumnName);
            needed.Add(idColumn.Value);
            if (sourceFile is null && data.Schema.GetColumnOrNull(SourceFileColumnName) is not null)
                needed.Add((fileColumn = TextColumn(data.Schema, SourceFileColumnName)).Value);
            if (data.Schema.GetColumnOrNull(RowIndexColumnName) is { } row)
            {
                if (row.Type != NumberDataViewType.Int64) throw ColumnCheck.Mismatch(RowIndexColumnName, "Int64", row.Type.ToString());
                needed.Add((rowColumn = row).Value);
            }
        }

        using var writer = new NpyStreamWriter(npyPath, rowShape ?? [size]);
        if (writer.RowLength != size)
            throw new ArgumentException($"row shape [{string.Join(", ", rowShape!)}] holds {writer.RowLength} values, column '{columnName}' has {size}", nameof(rowShape));
        using var ids = idsCsvPath is null ? null : EmbeddingIdsCsv.Create(idsCsvPath);

        using var cursor = data.GetRowCursor(needed);
        var getValues = cursor.GetGetter<VBuffer<float>>(column);
        var getId = idColumn is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(idColumn.Value);
        var getFile = fileColumn is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(fileColumn.Value);
        var getRow = rowColumn is null ? null : cursor.GetGetter<long>(rowColumn.Value);
        var getRowId = cursor.GetIdGetter();
        VBuffer<float> values = default;
        ReadOnlyMemory<char> id = default, file = default;
        DataViewRowId rowId = default;
        long rowIndex = 0;
        var dense = new float[size];
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            getValues(ref values);
            values.CopyTo(dense);
            writer.WriteRows(dense);
            if (ids is null) continue;
            getId!(ref id);
            getFile?.Invoke(ref file);
            if (getRow is not null) getRow(ref rowIndex);
            else
            {
                getRowId(ref rowId);
                rowIndex = (long)rowId.Low;
            }
            ids.Add(id.ToString(), sourceFile ?? file.ToString(), rowIndex);
        }

        // Everything that can fail (writing, flushing) happens before the first rename, so the two files appear together.
        ids?.Flush();
        writer.Complete();
        ids?.Commit();
        return writer.RowCount;
    }

    private const string SourceFileColumnName = "SourceFile";
    private const string RowIndexColumnName = "RowIndex";

    private static DataViewSchema.Column TextColumn(DataViewSchema schema, string name)
    {
        var column = ColumnCheck.Find(schema, name, "Text");
        return column.Type is TextDataViewType ? column : throw ColumnCheck.Mismatch(name, "Text", column.Type.ToString());
    }
}
