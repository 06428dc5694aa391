using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Row-at-a-time form of an embedding transformer, used by <c>PredictionEngine</c>: each row it maps is embedded on
/// its own (a batch of one), once per row position, with buffers private to that row so engines on several threads
/// can share the encoder.
/// </summary>
internal sealed class EmbeddingRowMapper : IRowToRowMapper
{
    private readonly EmbeddingTransformer _model;
    private readonly DataViewSchema.Column _inputColumn;

    public EmbeddingRowMapper(DataViewSchema inputSchema, EmbeddingTransformer model)
    {
        _model = model;
        _inputColumn = model.CheckInput(inputSchema);
        InputSchema = inputSchema;
        OutputSchema = SchemaShapes.AppendVector(inputSchema, model.OutputColumnName, model.EmbeddingDim);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    private int EmbeddingIndex => InputSchema.Count;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var needed = new HashSet<int>();
        foreach (var column in dependingColumns)
            needed.Add(column.Index == EmbeddingIndex ? _inputColumn.Index : column.Index);
        return needed.Select(i => InputSchema[i]);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
        new MappedRow(this, input, activeColumns.Any(c => c.Index == EmbeddingIndex));

    private sealed class MappedRow(EmbeddingRowMapper mapper, DataViewRow input, bool embeddingActive) : DataViewRow
    {
        private readonly IEmbeddingBatch? _batch = embeddingActive ? mapper._model.CreateBatch(input, mapper._inputColumn, 1) : null;
        private long _embeddedPosition = -1;

        public override DataViewSchema Schema => mapper.OutputSchema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == mapper.EmbeddingIndex ? _batch is not null : input.IsColumnActive(input.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != mapper.EmbeddingIndex)
                return input.GetGetter<TValue>(input.Schema[column.Index]);
            if (_batch is null)
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the row was created");
            return (ValueGetter<TValue>)(Delegate)new ValueGetter<VBuffer<float>>((ref VBuffer<float> value) =>
            {
                if (_embeddedPosition != input.Position)
                {
                    _batch.Capture(0, input.Position);
                    _batch.Run(1);
                    _embeddedPosition = input.Position;
                }
                var editor = VBufferEditor.Create(ref value, mapper._model.EmbeddingDim);
                _batch.Embedding(0).CopyTo(editor.Values);
                value = editor.Commit();
            });
        }
    }
}
