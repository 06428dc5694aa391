namespace DBeta.MLNet;

/// <summary>Options of <see cref="TextEmbeddingEstimator"/>: which model and tokenizer, which columns, how to run it.</summary>
public sealed class TextEmbeddingOptions : OnnxExecutionOptions
{
    /// <summary>The text encoder written by <c>dbeta convert</c> (<c>dbeta-text.onnx</c>). Required.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>T5's SentencePiece model (<c>spiece.model</c> from Flan-T5). Required.</summary>
    public string TokenizerPath { get; set; } = "";

    /// <summary>Tokenization: lowercasing (on by default, as D-BETA does for prompts) and the 512-token limit.</summary>
    public DBetaTextTokenizerOptions Tokenization { get; set; } = DBetaTextTokenizerOptions.Default;

    /// <summary>Input column of type Text (default <c>Text</c>).</summary>
    public string InputColumnName { get; set; } = DBetaColumnNames.Text;

    /// <summary>Output column: <c>Vector&lt;Single, D&gt;</c>, D read from the model (default <c>TextEmbedding</c>).</summary>
    public string OutputColumnName { get; set; } = DBetaColumnNames.TextEmbedding;

    /// <summary>Texts per ONNX Runtime call (default 16); a batch is padded to its longest text.</summary>
    public int BatchSize { get; set; } = 16;

    /// <summary>Receives progress after each batch, or <c>null</c> (default).</summary>
    public IProgress<EmbeddingProgress>? Progress { get; set; }
}
