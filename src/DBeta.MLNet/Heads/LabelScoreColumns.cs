using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Per-label <c>Single</c> columns that copy one slot each of a scores vector,
/// for ML.NET's binary evaluators, which take a scalar score column.
/// </summary>
internal static class LabelScoreColumns
{
    /// <summary><paramref name="scored"/> with one Single column per (name, slot) appended.</summary>
    public static DataViewSchema Append(DataViewSchema scored, IReadOnlyList<(string Name, int Slot)> columns)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(scored);
        foreach (var (name, _) in columns) builder.AddColumn(name, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    /// <summary>A getter of slot <paramref name="slot"/> of <paramref name="scores"/>, reading the vector once per row position.</summary>
    public static ValueGetter<float> SlotGetter(DataViewRow row, DataViewSchema.Column scores, int slot, Cache cache) =>
        (ref float value) =>
        {
            if (cache.Position != row.Position)
            {
                cache.Getter ??= row.GetGetter<VBuffer<float>>(scores);
                cache.Getter(ref cache.Values);
                cache.Position = row.Position;
            }
            value = cache.Values.GetItemOrDefault(slot);
        };

    /// <summary>The scores vector of the current row, shared by the per-label getters of one row or cursor.</summary>
    public sealed class Cache
    {
        public long Position = -1;
        public ValueGetter<VBuffer<float>>? Getter;
        public VBuffer<float> Values;
    }
}
