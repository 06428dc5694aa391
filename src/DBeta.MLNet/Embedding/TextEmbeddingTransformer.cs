using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Adds a D-BETA text embedding column: T5 SentencePiece tokens through the ONNX text encoder, in batches of rows.
/// Thread-safe; dispose it to release the native session.
/// </summary>
public sealed class TextEmbeddingTransformer : EmbeddingTransformer
{
    private readonly TextEncoder _encoder;
    private readonly DBetaTextTokenizer _tokenizer;

    internal TextEmbeddingTransformer(TextEmbeddingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelPath))
            throw new ArgumentException("TextEmbeddingOptions.ModelPath is required: the dbeta-text.onnx written by 'dbeta convert'", nameof(options));
        if (string.IsNullOrWhiteSpace(options.TokenizerPath))
            throw new ArgumentException("TextEmbeddingOptions.TokenizerPath is required: Flan-T5's spiece.model", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        Options = options;
        _tokenizer = DBetaTextTokenizer.Load(options.TokenizerPath, options.Tokenization);
        _encoder = new TextEncoder(options.ModelPath, options);
    }

    /// <summary>The options the transformer was created with.</summary>
    public TextEmbeddingOptions Options { get; }

    /// <inheritdoc/>
    public override int EmbeddingDim => _encoder.EmbeddingDim;


    /// <summary>The tokenizer the encoder is fed by.</summary>
    internal DBetaTextTokenizer Tokenizer => _tokenizer;

    internal override string InputColumnName => Options.InputColumnName;
    internal override string OutputColumnName => Options.OutputColumnName;
    internal override int BatchSize => Options.BatchSize;
    internal override IProgress<EmbeddingProgress>? Progress => Options.Progress;





    /// <summary>Not supported: see the exception's message.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            "a pipeline holding TextEmbeddingTransformer cannot be saved: its ONNX model takes T5 SentencePiece token ids, and no built-in " +
            "ML.NET transform tokenizes text the way D-BETA's tokenizer does, so no saved form would load without DBeta.MLNet. " +
            "Embed the texts once and keep the vectors (ZeroShotEcg does this with its prompts and saves only the prompt embeddings), " +
            "or rebuild the text pipeline after loading with mlContext.Transforms.EmbedTextWithDBeta(...).");

    /// <summary>Releases the ONNX Runtime session.</summary>
    public override void Dispose() => _encoder.Dispose();

    internal override DataViewSchema.Column CheckInput(DataViewSchema inputSchema)
    {
        var column = ColumnCheck.Find(inputSchema, Options.InputColumnName, "Text");
        if (column.Type is not TextDataViewType)
            throw ColumnCheck.Mismatch(Options.InputColumnName, "Text", column.Type.ToString() ?? column.Type.GetType().Name);
        return column;
    }

    internal override IEmbeddingBatch CreateBatch(DataViewRow source, DataViewSchema.Column inputColumn, int capacity) =>
        new TextBatch(this, source.GetGetter<ReadOnlyMemory<char>>(inputColumn), capacity);

    private sealed class TextBatch(TextEmbeddingTransformer owner, ValueGetter<ReadOnlyMemory<char>> getter, int capacity) : IEmbeddingBatch
    {
        private readonly string[] _texts = new string[capacity];
        private readonly float[] _output = new float[capacity * owner.EmbeddingDim];
        private ReadOnlyMemory<char> _text;

        public void Capture(int slot, long rowPosition)
        {
            getter(ref _text);
            _texts[slot] = _text.ToString();
        }

        public void Run(int count) =>
            owner._encoder.Embed(owner._tokenizer.EncodeBatch(new ArraySegment<string>(_texts, 0, count)), _output);

        public ReadOnlySpan<float> Embedding(int slot) => _output.AsSpan(slot * owner.EmbeddingDim, owner.EmbeddingDim);
    }
}
