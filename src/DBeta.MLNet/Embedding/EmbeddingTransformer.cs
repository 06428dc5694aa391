using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// What the ECG and text embedding transformers share: the input's columns plus one <c>Vector&lt;Single, D&gt;</c>
/// column, computed lazily by batched cursors (<c>Transform</c>) or one row at a time (<c>PredictionEngine</c>),
/// over one thread-safe ONNX Runtime session that <see cref="Dispose"/> releases.
/// </summary>
public abstract class EmbeddingTransformer : ITransformer, IDisposable
{
    private protected EmbeddingTransformer() { }

    /// <summary>Width of the embedding column, read from the model.</summary>
    public abstract int EmbeddingDim { get; }

    /// <summary>Name of the column the embedding is computed from.</summary>
    internal abstract string InputColumnName { get; }

    /// <summary>Name of the embedding column added to the data.</summary>
    internal abstract string OutputColumnName { get; }

    /// <summary>Rows per encoder call.</summary>
    internal abstract int BatchSize { get; }

    /// <summary>Receives progress after each batch, or null.</summary>
    internal abstract IProgress<EmbeddingProgress>? Progress { get; }

    /// <summary>Throws ML.NET's schema error (column, expected type, actual type) unless the input column fits the model.</summary>
    internal abstract DataViewSchema.Column CheckInput(DataViewSchema inputSchema);

    /// <summary>Creates the per-cursor batch reading <paramref name="inputColumn"/> from <paramref name="source"/>.</summary>
    internal abstract IEmbeddingBatch CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity);

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
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new AppendedColumnsRowMapper(new EmbeddingColumnAppender(inputSchema, this));

    /// <inheritdoc/>
    public abstract void Save(ModelSaveContext ctx);

    /// <summary>Releases the ONNX Runtime session.</summary>
    public abstract void Dispose();

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
