using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Adds a D-BETA ECG embedding column to the data, running the ONNX encoder on batches of rows. Thread-safe: one
/// native session serves every cursor and prediction engine. Dispose it to release the session.
/// </summary>
public sealed class EcgEmbeddingTransformer : EmbeddingTransformer
{
    private readonly EcgEncoder _encoder;
    private bool _disposed;

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

    /// <inheritdoc/>
    public override int EmbeddingDim => _encoder.EmbeddingDim;

    /// <summary>Where the encoder runs: <c>CPU</c> or <c>CUDA:N</c>.</summary>
    public string ExecutionProvider => _encoder.ExecutionProvider;

    /// <summary>Why CUDA was not used although <see cref="OnnxExecutionOptions.GpuDeviceId"/> asked for it, or <c>null</c>.</summary>
    public string? FallbackReason => _encoder.FallbackReason;

    /// <summary>The ONNX model's metadata (e.g. <c>dbeta.source_sha256</c>, the SHA-256 of the converted checkpoint).</summary>
    public IReadOnlyDictionary<string, string> ModelMetadata => _encoder.ModelMetadata;

    internal override string InputColumnName => Options.InputColumnName;
    internal override string OutputColumnName => Options.OutputColumnName;
    internal override int BatchSize => Options.BatchSize;
    internal override IProgress<EmbeddingProgress>? Progress => Options.Progress;





    /// <summary>
    /// Samples per lead the transformer was fitted on; a saved model takes ECGs of this length (the model's own length
    /// when it has one).
    /// </summary>
    public int FittedSampleCount { get; private set; }

    /// <summary>
    /// Saves the transformer as ML.NET's built-in <c>OnnxTransformer</c> over a copy of the encoder whose graph input and
    /// output are named as the columns and shaped as one row: <c>float[12 x FittedSampleCount]</c> in (lead-major, as the
    /// column), <c>float[D]</c> out. The zip holds the encoder's bytes (about the model file's size) and
    /// <c>mlContext.Model.Load</c> reads it with no DBeta code, into a transformer that embeds one row per ONNX Runtime
    /// call with the same column names and types. GPU use after loading follows that MLContext's <c>GpuDeviceId</c>
    /// and <c>FallbackToCpu</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The input and output columns have one name, which an ONNX graph cannot express.</exception>
    public override void Save(ModelSaveContext ctx)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Options.InputColumnName == Options.OutputColumnName)
            throw new NotSupportedException($"EcgEmbeddingTransformer writes its embedding over its input column '{Options.InputColumnName}'; " +
                "a saved model needs different input and output column names (set EcgEmbeddingOptions.OutputColumnName)");
        int leads = _encoder.LeadCount, samples = FittedSampleCount;
        if (samples <= 0) throw new InvalidOperationException("EcgEmbeddingTransformer has not been fitted on a schema; fit it with EmbedEcgWithDBeta(...).Fit(data)");
        string copy = Path.Combine(Path.GetTempPath(), $"dbeta-ecg-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxRowModelWriter.Write(_encoder.ModelPath, copy,
                new OnnxRowBinding(_encoder.InputName, Options.InputColumnName, [1, leads, -1]),
                new OnnxRowBinding(_encoder.OutputName, Options.OutputColumnName, [1, EmbeddingDim]));
            OnnxStandIn.Save(ctx, copy, Options.InputColumnName, leads * samples, Options.OutputColumnName);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    /// <summary>Checks the input schema the estimator fits on and remembers the ECG length for <see cref="Save"/>.</summary>
    private protected override void Bind(DataViewSchema inputSchema)
    {
        var column = CheckInput(inputSchema);
        FittedSampleCount = ((VectorDataViewType)column.Type).Size / _encoder.LeadCount;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public override void Dispose()
    {
        _disposed = true;
        _encoder.Dispose();
    }

    internal override DataViewSchema.Column CheckInput(DataViewSchema inputSchema)
    {
        string expected = _encoder.SampleCount > 0
            ? $"known-size vector of Single with {_encoder.LeadCount * _encoder.SampleCount} values ({_encoder.LeadCount} leads x {_encoder.SampleCount} samples, lead-major)"
            : $"known-size vector of Single with a multiple of {_encoder.LeadCount} values ({_encoder.LeadCount} leads x samples, lead-major)";
        var column = ColumnCheck.Find(inputSchema, Options.InputColumnName, expected);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType type, Size: int size } || type != NumberDataViewType.Single || size == 0
            || (_encoder.SampleCount > 0 ? size != _encoder.LeadCount * _encoder.SampleCount : size % _encoder.LeadCount != 0))
            throw ColumnCheck.Mismatch(Options.InputColumnName, expected, column.Type.ToString() ?? column.Type.GetType().Name);
        return column;
    }

    internal override IEmbeddingBatch CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity) =>
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
