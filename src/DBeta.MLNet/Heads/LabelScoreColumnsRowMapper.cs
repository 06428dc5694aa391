using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>The row-at-a-time form of <see cref="LabelScoreColumnsDataView"/>, for <c>PredictionEngine</c>.</summary>
internal sealed class LabelScoreColumnsRowMapper : IRowToRowMapper
{
    private readonly IRowToRowMapper _scorer;
    private readonly (string Name, int Slot)[] _columns;
    private readonly DataViewSchema.Column _scores;

    /// <summary>Wraps <paramref name="scorer"/>, which has the scores vector <paramref name="scoresColumnName"/>.</summary>
    public LabelScoreColumnsRowMapper(IRowToRowMapper scorer, string scoresColumnName, (string Name, int Slot)[] columns)
    {
        _scorer = scorer;
        _columns = columns;
        _scores = scorer.OutputSchema[scoresColumnName];
        OutputSchema = LabelScoreColumns.Append(scorer.OutputSchema, columns);
    }

    public DataViewSchema InputSchema => _scorer.InputSchema;

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        _scorer.GetDependencies(ScorerColumns(dependingColumns));

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.ToList();
        return new Row(this, _scorer.GetRow(input, ScorerColumns(active)), active);
    }

    private IEnumerable<DataViewSchema.Column> ScorerColumns(IEnumerable<DataViewSchema.Column> columns)
    {
        var indices = new HashSet<int>();
        foreach (var column in columns)
            indices.Add(column.Index < _scorer.OutputSchema.Count ? column.Index : _scores.Index);
        return indices.Select(i => _scorer.OutputSchema[i]);
    }

    private sealed class Row(LabelScoreColumnsRowMapper mapper, DataViewRow scored, List<DataViewSchema.Column> active) : DataViewRow
    {
        private readonly HashSet<int> _active = [.. active.Select(c => c.Index)];
        private readonly LabelScoreColumns.Cache _cache = new();

        public override DataViewSchema Schema => mapper.OutputSchema;

        public override long Position => scored.Position;

        public override long Batch => scored.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => scored.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int scoredCount = mapper._scorer.OutputSchema.Count;
            if (column.Index < scoredCount) return scored.GetGetter<TValue>(scored.Schema[column.Index]);
            if (!_active.Contains(column.Index))
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the row was created");
            return (ValueGetter<TValue>)(Delegate)LabelScoreColumns.SlotGetter(scored, mapper._scores, mapper._columns[column.Index - scoredCount].Slot, _cache);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) scored.Dispose();
            base.Dispose(disposing);
        }
    }
}
