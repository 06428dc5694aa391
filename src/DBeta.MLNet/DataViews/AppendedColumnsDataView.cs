using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>The lazy output of an <see cref="IColumnAppender"/>'s transform: the input view with the appended columns computed as cursors reach each row.</summary>
internal sealed class AppendedColumnsDataView(IDataView source, IColumnAppender appender) : IDataView
{
    public bool CanShuffle => source.CanShuffle;

    public DataViewSchema Schema => appender.OutputSchema;

    public long? GetRowCount() => source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        return new Cursor(appender, source.GetRowCursor(AppendedColumnsAccess.Dependencies(appender, needed), rand), needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        // Each cursor gets its own getters and buffers.
        return [.. source.GetRowCursorSet(AppendedColumnsAccess.Dependencies(appender, needed), n, rand)
            .Select(input => (DataViewRowCursor)new Cursor(appender, input, needed))];
    }

    private sealed class Cursor(IColumnAppender appender, DataViewRowCursor input, IEnumerable<DataViewSchema.Column> needed) : DataViewRowCursor
    {
        private readonly AppendedColumnsAccess _columns = new(appender, input, needed);

        public override DataViewSchema Schema => _columns.Schema;
        public override long Position => input.Position;
        public override long Batch => input.Batch;
        public override bool MoveNext() => input.MoveNext();
        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();
        public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) input.Dispose();
            base.Dispose(disposing);
        }
    }
}
