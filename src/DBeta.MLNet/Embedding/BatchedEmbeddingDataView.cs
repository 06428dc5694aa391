using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// The lazy result of an embedding transformer: its cursors read the input ahead one batch at a time, run the encoder
/// once per batch, and hand rows out in input order. Memory stays bounded by one batch, whatever the data's size.
/// </summary>
internal sealed class BatchedEmbeddingDataView : IDataView
{
    private readonly IDataView _input;
    private readonly EmbeddingTransformer _model;
    private readonly DataViewSchema.Column _inputColumn;

    public BatchedEmbeddingDataView(IDataView input, EmbeddingTransformer model)
    {
        _input = input;
        _model = model;
        _inputColumn = model.CheckInput(input.Schema);
        Schema = SchemaShapes.AppendVector(input.Schema, model.OutputColumnName, model.EmbeddingDim);
    }

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        bool embeddingActive = columnsNeeded.Any(c => c.Index == _input.Schema.Count);
        var sourceColumns = columnsNeeded.Where(c => c.Index < _input.Schema.Count).Select(c => _input.Schema[c.Index]).ToList();
        if (embeddingActive && sourceColumns.All(c => c.Index != _inputColumn.Index))
            sourceColumns.Add(_inputColumn);
        var source = _input.GetRowCursor(sourceColumns);
        var passThrough = columnsNeeded.Where(c => c.Index < _input.Schema.Count).Select(c => c.Index).ToHashSet();
        return new Cursor(this, source, passThrough, embeddingActive);
    }

    // One cursor: batching needs the rows in order, and the encoder already uses every core inside each call.
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly BatchedEmbeddingDataView _view;
        private readonly DataViewRowCursor _source;
        private readonly Dictionary<int, ColumnValueCache> _caches = [];
        private readonly ValueGetter<DataViewRowId> _sourceId;
        private readonly DataViewRowId[] _ids;
        private readonly IEmbeddingBatch? _batch;
        private readonly int _capacity;
        private readonly long? _total;
        private readonly Stopwatch _clock = new();
        private int _filled;
        private int _slot = -1;
        private long _position = -1;
        private bool _done;

        public Cursor(BatchedEmbeddingDataView view, DataViewRowCursor source, HashSet<int> passThrough, bool embeddingActive)
        {
            _view = view;
            _source = source;
            // Without the embedding there is nothing to batch: pass rows through one at a time.
            _capacity = embeddingActive ? view._model.BatchSize : 1;
            _ids = new DataViewRowId[_capacity];
            _sourceId = source.GetIdGetter();
            foreach (int index in passThrough)
                _caches[index] = ColumnValueCache.Create(source, view._input.Schema[index], _capacity);
            if (embeddingActive)
                _batch = view._model.CreateBatch(source, view._inputColumn, _capacity);
            _total = view._input.GetRowCount();
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_done) return false;
            if (_slot + 1 < _filled)
            {
                _slot++;
                _position++;
                return true;
            }
            if (!FillBatch())
            {
                _done = true;
                return false;
            }
            _slot = 0;
            _position++;
            return true;
        }

        private bool FillBatch()
        {
            _filled = 0;
            while (_filled < _capacity && _source.MoveNext())
            {
                _sourceId(ref _ids[_filled]);
                foreach (var cache in _caches.Values) cache.Capture(_filled);
                _batch?.Capture(_filled, _source.Position);
                _filled++;
            }
            if (_filled == 0) return false;
            if (_batch is not null)
            {
                _clock.Start();
                _batch.Run(_filled);
                _clock.Stop();
                _view._model.Progress?.Report(new EmbeddingProgress(_position + 1 + _filled, _total, _clock.Elapsed));
            }
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = _ids[_slot];

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == _view._input.Schema.Count ? _batch is not null : _caches.ContainsKey(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == _view._input.Schema.Count)
            {
                if (_batch is null) throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
                return (ValueGetter<TValue>)(Delegate)new ValueGetter<VBuffer<float>>((ref VBuffer<float> value) =>
                {
                    var editor = VBufferEditor.Create(ref value, _view._model.EmbeddingDim);
                    _batch.Embedding(_slot).CopyTo(editor.Values);
                    value = editor.Commit();
                });
            }
            if (!_caches.TryGetValue(column.Index, out var cache))
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
            return (ValueGetter<TValue>)cache.CreateGetter(() => _slot);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _source.Dispose();
            base.Dispose(disposing);
        }
    }
}
