using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Per-label <c>Single</c> columns that copy one slot each of a scores vector, for ML.NET's binary evaluators, which
/// take a scalar score column: appended to a scored schema by <see cref="AppendedColumnsDataView"/> and
/// <see cref="AppendedColumnsRowMapper"/>.
/// </summary>
internal sealed class LabelScoreColumns : IColumnAppender
{
    private readonly (string Name, int Slot)[] _columns;
    private readonly DataViewSchema.Column _scores;

    /// <summary>Per-label columns over <paramref name="scored"/>, which has the scores vector <paramref name="scoresColumnName"/>.</summary>
    public LabelScoreColumns(DataViewSchema scored, string scoresColumnName, (string Name, int Slot)[] columns)
    {
        InputSchema = scored;
        _columns = columns;
        _scores = scored[scoresColumnName];
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(scored);
        foreach (var (name, _) in columns) builder.AddColumn(name, NumberDataViewType.Single);
        OutputSchema = builder.ToSchema();
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<int> SourcesOf(int outputIndex) => [_scores.Index];

    public IAppendedColumns Attach(DataViewRow input, IReadOnlySet<int> active) => new Getters(this, input);

    // The scores vector is read once per row position and shared by the per-label getters of one row or cursor.
    private sealed class Getters(LabelScoreColumns owner, DataViewRow row) : IAppendedColumns
    {
        private long _position = -1;
        private ValueGetter<VBuffer<float>>? _getter;
        private VBuffer<float> _values;

        public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (typeof(TValue) != typeof(float))
                throw new InvalidOperationException($"column '{column.Name}' holds Single: ask for a Single getter, not {typeof(TValue).Name}");
            int slot = owner._columns[column.Index - owner.InputSchema.Count].Slot;
            return (ValueGetter<TValue>)(Delegate)new ValueGetter<float>((ref float value) =>
            {
                if (_position != row.Position)
                {
                    _getter ??= row.GetGetter<VBuffer<float>>(owner._scores);
                    _getter(ref _values);
                    _position = row.Position;
                }
                value = _values.GetItemOrDefault(slot);
            });
        }
    }
}
