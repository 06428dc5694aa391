using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// The row-at-a-time form of an <see cref="IColumnAppender"/>'s transform, what a <c>PredictionEngine</c> runs; with
/// <paramref name="under"/>, the appender works on that mapper's output (per-label scores after the zero-shot scorer).
/// </summary>
internal sealed class AppendedColumnsRowMapper(IColumnAppender appender, IRowToRowMapper? under = null) : IRowToRowMapper
{
    public DataViewSchema InputSchema => under?.InputSchema ?? appender.InputSchema;

    public DataViewSchema OutputSchema => appender.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = AppendedColumnsAccess.Dependencies(appender, dependingColumns);
        return under is null ? needed : under.GetDependencies(needed);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        var active = activeColumns.ToArray();
        var source = under is null ? input : under.GetRow(input, AppendedColumnsAccess.Dependencies(appender, active));
        return new Row(appender, source, active);
    }

    private sealed class Row(IColumnAppender appender, DataViewRow input, IEnumerable<DataViewSchema.Column> active) : DataViewRow
    {
        private readonly AppendedColumnsAccess _columns = new(appender, input, active);

        public override DataViewSchema Schema => _columns.Schema;
        public override long Position => input.Position;
        public override long Batch => input.Batch;
        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            // IRowToRowMapper.GetRow's contract: the returned row disposes its input.
            if (disposing) input.Dispose();
            base.Dispose(disposing);
        }
    }
}
