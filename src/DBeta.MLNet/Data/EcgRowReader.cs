using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>Reads one row of an ECG data view (the loaders' schema) back into an <see cref="EcgRecord"/>.</summary>
internal static class EcgRowReader
{
    /// <summary>The record at <paramref name="row"/> and, when the view has Boolean label columns, the names of those that are true.</summary>
    public static (EcgRecord Record, IReadOnlyList<string>? PositiveLabels) Read(IDataView data, long row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        var schema = data.Schema;
        var ecg = schema.GetColumnOrNull(DBetaColumnNames.Ecg)
            ?? throw new ArgumentException($"the data has no '{DBetaColumnNames.Ecg}' column (expected Vector<Single> of 12 x T millivolts)", nameof(data));
        if (ecg.Type is not VectorDataViewType { ItemType: NumberDataViewType n, Size: > 0 } vector || n != NumberDataViewType.Single
            || vector.Size % DBetaConfig.LeadCount != 0)
            throw new ArgumentException($"column '{ecg.Name}': expected a known-size Vector<Single> of 12 x T, got {ecg.Type}", nameof(data));
        double rate = 0;
        if (ecg.Annotations.Schema.GetColumnOrNull(DBetaColumnNames.SampleRateAnnotation) is { } rateColumn)
            ecg.Annotations.GetValue(rateColumn.Name, ref rate);
        if (rate <= 0)
            throw new ArgumentException($"column '{ecg.Name}' has no '{DBetaColumnNames.SampleRateAnnotation}' annotation; plot an EcgRecord instead", nameof(data));

        var id = schema.GetColumnOrNull(DBetaColumnNames.Id);
        var labelColumns = schema.Where(c => !c.IsHidden && c.Type is BooleanDataViewType).ToList();
        var needed = new List<DataViewSchema.Column> { ecg };
        if (id is not null) needed.Add(id.Value);
        needed.AddRange(labelColumns);

        using var cursor = data.GetRowCursor(needed);
        for (long i = 0; i <= row; i++)
            if (!cursor.MoveNext())
                throw new ArgumentOutOfRangeException(nameof(row), $"the data has {i} rows, fewer than {row + 1}");
        VBuffer<float> samples = default;
        cursor.GetGetter<VBuffer<float>>(ecg)(ref samples);
        ReadOnlyMemory<char> idText = default;
        if (id is not null) cursor.GetGetter<ReadOnlyMemory<char>>(id.Value)(ref idText);
        var record = new EcgRecord(id is null ? row.ToString(System.Globalization.CultureInfo.InvariantCulture) : idText.ToString(), rate, samples.DenseValues().ToArray());

        List<string>? positive = null;
        if (labelColumns is { Count: > 0 })
        {
            positive = [];
            foreach (var column in labelColumns)
            {
                bool value = false;
                cursor.GetGetter<bool>(column)(ref value);
                if (value) positive.Add(column.Name);
            }
        }
        return (record, positive);
    }
}
