using DBeta.MLNet.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Embedding;

/// <summary>
/// Adds a D-BETA ECG embedding column to the data, running the ONNX encoder on batches of rows. Thread-safe: one
/// native session serves every cursor and prediction engine. Dispose it to release the session.
/// </summary>
public sealed class EcgEmbeddingTransformer : ITransformer, IDisposable, IEmbeddingModel
{
    private readonly EcgEncoder _encoder;

    internal EcgEmbeddingTransformer(EcgEmbeddingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
            throw new ArgumentException("EcgEmbeddingOptions.ModelPath is required: the dbeta-ecg.onnx written by 'dbeta convert'", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        Options = options;
        _encoder = new EcgEncoder(options.ModelPath, options);
    }

    /// <summary>The options the transformer was created with.</summary>
    public EcgEmbeddingOptions Options { get; }

    /// <summary>Width of the embedding column, read from the model.</summary>
    public int EmbeddingDim => _encoder.EmbeddingDim;

    /// <summary>Where the encoder runs: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string ExecutionProvider => _encoder.ExecutionProvider;

    /// <summary>Why CUDA was not used although <see cref="OnnxExecutionOptions.GpuDeviceId"/> asked for it, or <c>null</c>.</summary>
    public string? FallbackReason => _encoder.FallbackReason;

    /// <summary>The ONNX model's metadata (e.g. <c>dbeta.source_sha256</c>, the SHA-256 of the converted checkpoint).</summary>
    public IReadOnlyDictionary<string, string> ModelMetadata => _encoder.ModelMetadata;

    string IEmbeddingModel.InputColumnName => Options.InputColumnName;
    string IEmbeddingModel.OutputColumnName => Options.OutputColumnName;
    int IEmbeddingModel.BatchSize => Options.BatchSize;
    IProgress<EmbeddingProgress>? IEmbeddingModel.Progress => Options.Progress;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ((IEmbeddingModel)this).CheckInput(inputSchema);
        return EmbeddingSchema.Append(inputSchema, Options.OutputColumnName, EmbeddingDim);
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => new BatchedEmbeddingDataView(input, this);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new EmbeddingRowMapper(inputSchema, this);

    /// <inheritdoc/>
    public void Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("EcgEmbeddingTransformer cannot be saved yet");

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose() => _encoder.Dispose();

    DataViewSchema.Column IEmbeddingModel.CheckInput(DataViewSchema inputSchema)
    {
        string expected = _encoder.SampleCount > 0
            ? $"known-size vector of Single with {_encoder.LeadCount * _encoder.SampleCount} values ({_encoder.LeadCount} leads x {_encoder.SampleCount} samples, lead-major)"
            : $"known-size vector of Single with a multiple of {_encoder.LeadCount} values ({_encoder.LeadCount} leads x samples, lead-major)";
        var column = ColumnTypeCheck.Find(inputSchema, Options.InputColumnName, expected);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType type, Size: int size } || type != NumberDataViewType.Single || size == 0
            || (_encoder.SampleCount > 0 ? size != _encoder.LeadCount * _encoder.SampleCount : size % _encoder.LeadCount != 0))
            throw ColumnTypeCheck.Mismatch(Options.InputColumnName, expected, column.Type.ToString() ?? column.Type.GetType().Name);
        return column;
    }

    IEmbeddingBatch IEmbeddingModel.CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity) =>
        new EcgBatch(this, source.GetGetter<VBuffer<float>>(inputColumn), ((VectorDataViewType)inputColumn.Type).Size, capacity);

    private sealed class EcgBatch(EcgEmbeddingTransformer owner, ValueGetter<VBuffer<float>> getter, int width, int capacity) : IEmbeddingBatch
    {
        private readonly float[] _input = new float[capacity * width];
        private readonly float[] _output = new float[capacity * owner.EmbeddingDim];
        private VBuffer<float> _row;

        public void Capture(int slot, long rowPosition)
        {
            getter(ref _row);
            var target = _input.AsSpan(slot * width, width);
            _row.CopyTo(target);
            foreach (float v in target)
                if (!float.IsFinite(v))
                    throw new EcgDataException($"column '{owner.Options.InputColumnName}'", "holds NaN or Inf values; clean or drop the record before embedding", rowPosition.ToString());
        }

        public void Run(int count) =>
            owner._encoder.Embed(_input.AsMemory(0, count * width), count, width / owner._encoder.LeadCount, _output.AsMemory(0, count * owner.EmbeddingDim));

        public ReadOnlySpan<float> Embedding(int slot) => _output.AsSpan(slot * owner.EmbeddingDim, owner.EmbeddingDim);
    }
}
