using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// One row per record from a view of window embeddings (rows of one record side by side, as a windowed load gives
/// them): the pooled embedding, the record's label columns (every window of a record carries the same labels) and
/// its id. Held in memory: a row per record, <c>4 D</c> bytes each.
/// </summary>
internal static class EcgWindowEmbeddingPooler
{
    public static IDataView Pool(IDataView windows, EcgWindowPooling pooling, string embeddingColumnName)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (!Enum.IsDefined(pooling)) throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "not an EcgWindowPooling value");
        var schema = windows.Schema;
        var recordColumn = schema.GetColumnOrNull(EcgWindowOptions.RecordIdColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(windows), $"no column '{EcgWindowOptions.RecordIdColumnName}': load the ECGs with Windows set");
        if (recordColumn.Type is not TextDataViewType)
            throw new ArgumentOutOfRangeException(nameof(windows), $"column '{EcgWindowOptions.RecordIdColumnName}' is {recordColumn.Type}, expected Text");
        var embeddingColumn = schema.GetColumnOrNull(embeddingColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(embeddingColumnName), $"no column '{embeddingColumnName}'");
        if (embeddingColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(embeddingColumnName), $"column '{embeddingColumnName}' is {embeddingColumn.Type}, expected a known-size vector of Single");
        int d = vector.Size;
        var labelColumns = schema.Where(c => c.Type is BooleanDataViewType && !c.IsHidden).ToArray();

        using var cursor = windows.GetRowCursor([recordColumn, embeddingColumn, .. labelColumns]);
        var getRecord = cursor.GetGetter<ReadOnlyMemory<char>>(recordColumn);
        var getEmbedding = cursor.GetGetter<VBuffer<float>>(embeddingColumn);
        var getLabels = labelColumns.Select(c => cursor.GetGetter<bool>(c)).ToArray();
        var ids = new List<string>();
        var pooled = new List<float>();
        var labels = labelColumns.Select(_ => new List<bool>()).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        ReadOnlyMemory<char> record = default;
        VBuffer<float> embedding = default;
        var sum = new double[d];
        var max = new float[d];
        int windowsOfRecord = 0;
        void Flush()
        {
            if (windowsOfRecord == 0) return;
            for (int j = 0; j < d; j++) pooled.Add(pooling == EcgWindowPooling.Mean ? (float)(sum[j] / windowsOfRecord) : max[j]);
        }
        while (cursor.MoveNext())
        {
            getRecord(ref record);
            getEmbedding(ref embedding);
            string id = record.ToString();
            if (ids.Count == 0 || ids[^1] != id)
            {
                if (!seen.Add(id))
                    throw new InvalidOperationException($"record {id}'s windows are not side by side (it appears again at row {cursor.Position}); pool a view in its windowed load's order");
                Flush();
                ids.Add(id);
                for (int k = 0; k < labels.Length; k++)
                {
                    bool value = false;
                    getLabels[k](ref value);
                    labels[k].Add(value);
                }
                Array.Clear(sum);
                Array.Fill(max, float.NegativeInfinity);
                windowsOfRecord = 0;
            }
            int i = 0;
            foreach (float v in embedding.DenseValues())
            {
                sum[i] += v;
                if (v > max[i]) max[i] = v;
                i++;
            }
            windowsOfRecord++;
        }
        Flush();
        return EmbeddingDataset.Create([.. pooled], d, [.. labelColumns.Select(c => c.Name)], [.. labels.Select(l => l.ToArray())], embeddingColumnName, [.. ids]);
    }
}
