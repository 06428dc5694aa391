using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>A scored view with per-label Single columns appended (<see cref="LabelScoreColumns"/>), streamed row by row.</summary>
internal sealed class LabelScoreColumnsDataView : IDataView
{
    private readonly IDataView _scored;
    private readonly (string Name, int Slot)[] _columns;
    private readonly DataViewSchema.Column _scores;

    /// <summary>Wraps <paramref name="scored"/>, which has the scores vector <paramref name="scoresColumnName"/>.</summary>
    public LabelScoreColumnsDataView(IDataView scored, string scoresColumnName, (string Name, int Slot)[] columns)
    {
        _scored = scored;
        _columns = columns;
        _scores = scored.Schema[scoresColumnName];
        Schema = LabelScoreColumns.Append(scored.Schema, columns);
    }

    public bool CanShuffle => _scored.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _scored.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, _scored.GetRowCursor(SourceColumns(columnsNeeded), rand), columnsNeeded);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [.. _scored.GetRowCursorSet(SourceColumns(columnsNeeded), n, rand).Select(c => (DataViewRowCursor)new Cursor(this, c, columnsNeeded))];

    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed)
    {
        var source = new HashSet<int>();
        foreach (var column in needed)
            source.Add(column.Index < _scored.Schema.Count ? column.Index : _scores.Index);
        return source.Select(i => _scored.Schema[i]);
    }

    private sealed class Cursor(LabelScoreColumnsDataView parent, DataViewRowCursor source, IEnumerable<DataViewSchema.Column> needed) : DataViewRowCursor
    {
        private readonly HashSet<int> _active = [.. needed.Select(c => c.Index)];
        private readonly LabelScoreColumns.Cache _cache = new();

        public override DataViewSchema Schema => parent.Schema;

        public override long Position => source.Position;

        public override long Batch => source.Batch;

        public override bool MoveNext() => source.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int scoredCount = parent._scored.Schema.Count;
            if (column.Index < scoredCount) return source.GetGetter<TValue>(source.Schema[column.Index]);
            if (!_active.Contains(column.Index))
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
            return (ValueGetter<TValue>)(Delegate)LabelScoreColumns.SlotGetter(source, parent._scores, parent._columns[column.Index - scoredCount].Slot, _cache);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) source.Dispose();
            base.Dispose(disposing);
        }
    }
}
