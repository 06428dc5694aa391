using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// The embedding column as an <see cref="IColumnAppender"/>, for the row-at-a-time form of an embedding transformer
/// (<c>PredictionEngine</c>, through <see cref="AppendedColumnsRowMapper"/>): each row is embedded on its own (a batch
/// of one), once per row position, with buffers private to that row so engines on several threads can share the encoder.
/// Whole views go through the batched <see cref="BatchedEmbeddingDataView"/> instead.
/// </summary>
internal sealed class EmbeddingColumnAppender : IColumnAppender
{
    private readonly EmbeddingTransformer _model;
    private readonly DataViewSchema.Column _inputColumn;

    public EmbeddingColumnAppender(DataViewSchema inputSchema, EmbeddingTransformer model)
    {
        _model = model;
        _inputColumn = model.CheckInput(inputSchema);
        InputSchema = inputSchema;
        OutputSchema = SchemaShapes.AppendVector(inputSchema, model.OutputColumnName, model.EmbeddingDim);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<int> SourcesOf(int outputIndex) => [_inputColumn.Index];

    public IAppendedColumns Attach(DataViewRow input, IReadOnlySet<int> active) => new Embedded(this, input);

    private sealed class Embedded(EmbeddingColumnAppender mapper, DataViewRow input) : IAppendedColumns
    {
        private readonly IEmbeddingBatch _batch = mapper._model.CreateBatch(input, mapper._inputColumn, 1);
        private long _embeddedPosition = -1;

        public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ValueGetter<TValue>)(Delegate)new ValueGetter<VBuffer<float>>((ref VBuffer<float> value) =>
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
