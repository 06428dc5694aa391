using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Writes <paramref name="scoresColumnName"/> (a known-size Single vector whose slot names are the labels, as the zero-shot
    /// head's <c>Scores</c>) to <paramref name="csvPath"/>: a header <c>Id,&lt;label&gt;,...</c> (no Id column when
    /// <paramref name="idColumnName"/> is null), then one row per input row in order, values in round-trip form. The file
    /// appears only when every row is written. Returns the row count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type, or the scores have no slot names.</exception>
    /// <example><code>
    /// var scored = zeroShotModel.Transform(ecgs);
    /// mlContext.Data.SaveScoresAsCsv(scored, "scores.csv");             // Id, then one column per label
    /// </code></example>
    public static long SaveScoresAsCsv(this DataOperationsCatalog catalog, IDataView data, string csvPath,
        string scoresColumnName = DBetaColumnNames.Scores, string? idColumnName = DBetaColumnNames.Id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        const string expected = "known-size vector of Single with slot names";
        var scores = data.Schema.GetColumnOrNull(scoresColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(scoresColumnName), $"Schema mismatch for input column '{scoresColumnName}': expected {expected}, got no such column");
        if (scores.Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: > 0 } vector || item != NumberDataViewType.Single || !scores.HasSlotNames())
            throw new ArgumentOutOfRangeException(nameof(scoresColumnName), $"Schema mismatch for input column '{scoresColumnName}': expected {expected}, got {scores.Type}{(scores.Type is VectorDataViewType ? " without slot names" : "")}");
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        scores.GetSlotNames(ref slotNames);
        string[] labels = [.. slotNames.DenseValues().Select(n => n.ToString())];
        DataViewSchema.Column? id = null;
        if (idColumnName is not null)
        {
            id = data.Schema.GetColumnOrNull(idColumnName)
                ?? throw new ArgumentOutOfRangeException(nameof(idColumnName), $"Schema mismatch for input column '{idColumnName}': expected Text, got no such column");
            if (id.Value.Type is not TextDataViewType)
                throw new ArgumentOutOfRangeException(nameof(idColumnName), $"Schema mismatch for input column '{idColumnName}': expected Text, got {id.Value.Type}");
            if (labels.Contains(idColumnName))
                throw new ArgumentException($"a label is named '{idColumnName}', as the id column; pass another idColumnName or null", nameof(idColumnName));
        }

        using var csv = new CsvFileWriter(csvPath, id is null ? labels : [idColumnName!, .. labels]);
        try
        {
            using var cursor = data.GetRowCursor(id is null ? [scores] : [scores, id.Value]);
            var getScores = cursor.GetGetter<VBuffer<float>>(scores);
            var getId = id is null ? null : cursor.GetGetter<ReadOnlyMemory<char>>(id.Value);
            VBuffer<float> values = default;
            ReadOnlyMemory<char> rowId = default;
            var fields = new string[(id is null ? 0 : 1) + labels.Length];
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                int k = 0;
                if (getId is not null)
                {
                    getId(ref rowId);
                    fields[k++] = rowId.ToString();
                }
                getScores(ref values);
                foreach (float v in values.DenseValues()) fields[k++] = v.ToString("R", CultureInfo.InvariantCulture);
                csv.WriteRow(fields);
            }
        }
        catch (InvalidOperationException e) when (DataError(e) is { } inner)
        {
            // ML.NET's multi-threaded cursors wrap what a worker thread threw; the data error is what the caller needs.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
        }
        csv.Commit();
        return csv.RowCount;
    }

    private static DBetaException? DataError(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is DBetaException found) return found;
        return null;
    }
}
