using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// What the ECG and text embedding transformers share: the input's columns plus one <c>Vector&lt;Single, D&gt;</c>
/// column, computed lazily by batched cursors (<c>Transform</c>) or one row at a time (<c>PredictionEngine</c>),
/// over one thread-safe ONNX Runtime session that <see cref="Dispose"/> releases.
/// </summary>
public abstract class EmbeddingTransformer : ITransformer, IDisposable, IEmbeddingModel
{
    private protected EmbeddingTransformer() { }

    /// <summary>Width of the embedding column, read from the model.</summary>
    public abstract int EmbeddingDim { get; }

    private protected abstract string InputColumnName { get; }
    private protected abstract string OutputColumnName { get; }
    private protected abstract int BatchSize { get; }
    private protected abstract IProgress<EmbeddingProgress>? Progress { get; }

    /// <summary>Throws ML.NET's schema error (column, expected type, actual type) unless the input column fits the model.</summary>
    private protected abstract DataViewSchema.Column CheckInput(DataViewSchema inputSchema);

    private protected abstract IEmbeddingBatch CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity);

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema);
        return SchemaShapes.AppendVector(inputSchema, OutputColumnName, EmbeddingDim);
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => new BatchedEmbeddingDataView(input, this);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new EmbeddingRowMapper(inputSchema, this);

    /// <inheritdoc/>
    public abstract void Save(ModelSaveContext ctx);

    /// <summary>Releases the ONNX Runtime session.</summary>
    public abstract void Dispose();

    string IEmbeddingModel.InputColumnName => InputColumnName;
    string IEmbeddingModel.OutputColumnName => OutputColumnName;
    int IEmbeddingModel.BatchSize => BatchSize;
    IProgress<EmbeddingProgress>? IEmbeddingModel.Progress => Progress;
    DataViewSchema.Column IEmbeddingModel.CheckInput(DataViewSchema inputSchema) => CheckInput(inputSchema);
    IEmbeddingBatch IEmbeddingModel.CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity) =>
        CreateBatch(source, inputColumn, capacity);

    /// <summary>Creates a transformer and binds it to <paramref name="inputSchema"/>, disposing it if the schema does not fit.</summary>
    internal static T Open<T>(Func<T> create, DataViewSchema inputSchema) where T : EmbeddingTransformer
    {
        var transformer = create();
        try
        {
            transformer.Bind(inputSchema);
            return transformer;
        }
        catch
        {
            transformer.Dispose();
            throw;
        }
    }

    /// <summary>Checks the input once at fit time; a transformer may record what it needs to save itself.</summary>
    private protected virtual void Bind(DataViewSchema inputSchema) => CheckInput(inputSchema);
}
