using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Model-agnostic occlusion: the ECG of one row and occluded copies of it (each lead, and each lead x window) are
/// scored in one pass through the fitted model (ONNX Runtime has no gradients, and the model may be any pipeline from
/// <c>Ecg</c> to a score), and each copy's drop from the original score is recorded.
/// </summary>
internal static class EcgOcclusion
{
    public static EcgOcclusionMap Explain(ITransformer model, IDataView ecgs, long row, EcgOcclusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ecgs);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ecgColumn = ecgs.Schema.GetColumnOrNull(DBetaColumnNames.Ecg)
            ?? throw new ArgumentOutOfRangeException(nameof(ecgs), $"no column '{DBetaColumnNames.Ecg}'");
        if (ecgColumn.Type is not VectorDataViewType { Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single || vector.Size % DBetaConfig.LeadCount != 0)
            throw new ArgumentOutOfRangeException(nameof(ecgs), $"column '{DBetaColumnNames.Ecg}' is {ecgColumn.Type}, expected a known-size vector of Single holding 12 leads");
        double rate = SampleRateOf(ecgColumn);
        int samples = vector.Size / DBetaConfig.LeadCount;

        bool vectorScore = CheckScoreColumn(model.GetOutputSchema(ecgs.Schema), options);
        var (id, ecg) = ReadRow(ecgs, ecgColumn, row);
        int window = Math.Max(1, (int)Math.Round(options.WindowSeconds * rate));
        int windows = (samples + window - 1) / window;
        var fill = new float[DBetaConfig.LeadCount];
        if (options.Fill == EcgOcclusionFill.LeadMedian)
            for (int lead = 0; lead < fill.Length; lead++) fill[lead] = Median(ecg.AsSpan(lead * samples, samples));

        var variants = new List<float[]> { ecg };
        for (int lead = 0; lead < DBetaConfig.LeadCount; lead++) variants.Add(Occluded(ecg, samples, lead, 0, samples, fill[lead]));
        for (int lead = 0; lead < DBetaConfig.LeadCount; lead++)
            for (int w = 0; w < windows; w++)
                variants.Add(Occluded(ecg, samples, lead, w * window, Math.Min(samples, (w + 1) * window), fill[lead]));

        using var source = new InMemoryEcgSource(id, [.. variants.Select((_, i) => i == 0 ? id : $"{id}#occluded{i}")], variants, rate, samples);
        var scores = ReadScores(model.Transform(new EcgDataView(source)), options, variants.Count);
        var leadDrops = new double[DBetaConfig.LeadCount];
        for (int lead = 0; lead < leadDrops.Length; lead++) leadDrops[lead] = scores[0] - scores[1 + lead];
        var windowDrops = new double[DBetaConfig.LeadCount * windows];
        for (int i = 0; i < windowDrops.Length; i++) windowDrops[i] = scores[0] - scores[1 + DBetaConfig.LeadCount + i];
        string name = options.ScoreColumnName + (vectorScore ? $"[{options.Slot}]" : "");
        return new EcgOcclusionMap(id, scores[0], leadDrops, windowDrops, windows, window / rate, variants.Count, name);
    }

    /// <summary>Checks, before any scoring, that the model writes the score column as Single or a vector of Single holding the slot; true for a vector.</summary>
    private static bool CheckScoreColumn(DataViewSchema output, EcgOcclusionOptions options)
    {
        var column = output.GetColumnOrNull(options.ScoreColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(options), $"the model's output has no column '{options.ScoreColumnName}' (columns: {string.Join(", ", output.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (column.Type == NumberDataViewType.Single) return false;
        if (column.Type is VectorDataViewType { ItemType: var item, Size: var size } && item == NumberDataViewType.Single)
        {
            if (size > 0 && options.Slot >= size)
                throw new ArgumentOutOfRangeException(nameof(options), $"Slot {options.Slot} is outside column '{column.Name}' of {size} slots");
            return true;
        }
        throw new ArgumentOutOfRangeException(nameof(options), $"column '{column.Name}' is {column.Type}, expected Single or a vector of Single");
    }

    private static double SampleRateOf(DataViewSchema.Column column)
    {
        var annotation = column.Annotations.Schema.GetColumnOrNull(DBetaColumnNames.SampleRateAnnotation);
        if (annotation is null || annotation.Value.Type != NumberDataViewType.Double)
            throw new ArgumentOutOfRangeException(nameof(column), $"column '{column.Name}' has no '{DBetaColumnNames.SampleRateAnnotation}' annotation: load the ECGs with a DBeta.MLNet loader");
        double rate = 0;
        column.Annotations.GetValue(DBetaColumnNames.SampleRateAnnotation, ref rate);
        return rate;
    }

    private static (string Id, float[] Ecg) ReadRow(IDataView ecgs, DataViewSchema.Column ecgColumn, long row)
    {
        var idColumn = ecgs.Schema.GetColumnOrNull(DBetaColumnNames.Id);
        using var cursor = ecgs.GetRowCursor(idColumn is { } c ? [ecgColumn, c] : [ecgColumn]);
        var getEcg = cursor.GetGetter<VBuffer<float>>(ecgColumn);
        var getId = idColumn is { } column ? cursor.GetGetter<ReadOnlyMemory<char>>(column) : null;
        while (cursor.MoveNext())
        {
            if (cursor.Position != row) continue;
            VBuffer<float> ecg = default;
            getEcg(ref ecg);
            ReadOnlyMemory<char> id = default;
            getId?.Invoke(ref id);
            return (getId is null ? row.ToString(System.Globalization.CultureInfo.InvariantCulture) : id.ToString(), ecg.DenseValues().ToArray());
        }
        throw new ArgumentOutOfRangeException(nameof(row), row, $"the data holds {cursor.Position + 1} rows");
    }

    private static float[] Occluded(float[] ecg, int samples, int lead, int start, int end, float fill)
    {
        var copy = (float[])ecg.Clone();
        copy.AsSpan(lead * samples + start, end - start).Fill(fill);
        return copy;
    }

    private static float Median(ReadOnlySpan<float> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double[] ReadScores(IDataView scored, EcgOcclusionOptions options, int expected)
    {
        var column = scored.Schema[options.ScoreColumnName];
        var scores = new List<double>(expected);
        if (column.Type == NumberDataViewType.Single)
            scores.AddRange(scored.GetColumn<float>(column).Select(v => (double)v));
        else
            scores.AddRange(scored.GetColumn<VBuffer<float>>(column).Select(v => (double)v.GetItemOrDefault(options.Slot)));
        if (scores.Count != expected) throw new InvalidOperationException($"the model gave {scores.Count} scores for {expected} records");
        return [.. scores];
    }
}
