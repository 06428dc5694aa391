
namespace DBeta.MLNet;

/// <summary>Options of <see cref="ZeroShotEcgEstimator"/>: which prompts and text encoder, which columns.</summary>
public sealed class ZeroShotEcgOptions : OnnxExecutionOptions
{
    /// <summary>Input column: the ECG embedding, a <c>Vector&lt;Single, D&gt;</c> (default <c>Embedding</c>, what <c>EmbedEcgWithDBeta</c> writes).</summary>
    public string EmbeddingColumnName { get; set; } = DBetaColumnNames.Embedding;

    /// <summary>The labels and their prompt texts (default <see cref="PromptSet.CodeDefaults"/>, the six CODE classes).</summary>
    public PromptSet Prompts { get; set; } = PromptSet.CodeDefaults;

    /// <summary>The text encoder written by <c>dbeta convert</c> (<c>dbeta-text.onnx</c>), run once at fit time. Required.</summary>
    public string TextModelPath { get; set; } = "";

    /// <summary>T5's SentencePiece model (<c>spiece.model</c> from Flan-T5). Required.</summary>
    public string TokenizerPath { get; set; } = "";

    /// <summary>Tokenization of the prompts: lowercased (default, as D-BETA does) and limited to 512 tokens.</summary>
    public DBetaTextTokenizerOptions Tokenization { get; set; } = DBetaTextTokenizerOptions.Default;

    /// <summary>
    /// Output column: <c>Vector&lt;Single, K&gt;</c> of scores in label order, slot names = labels (default <c>Scores</c>).
    /// </summary>
    public string ScoresColumnName { get; set; } = DBetaColumnNames.Scores;

    /// <summary>
    /// Also add one <c>Single</c> column per label, named <see cref="ScoreColumnPrefix"/> + label (<c>Score.RBBB</c>), for
    /// ML.NET's binary evaluators (default <c>false</c>). A transformer with these columns cannot be saved: ML.NET 5's
    /// <c>OnnxTransformer</c>, which carries the saved head, cannot output scalar columns, and no other built-in
    /// transformer can pick a slot out of a vector. The <see cref="ScoresColumnName"/> vector holds the same values.
    /// </summary>
    public bool PerLabelScoreColumns { get; set; }

    /// <summary>Prefix of the per-label columns (default <c>Score.</c>, as the probes' <c>Score.&lt;label&gt;</c>).</summary>
    public string ScoreColumnPrefix { get; set; } = "Score.";

    /// <summary>A shallow copy, so later changes to the caller's object do not reach a fitted estimator.</summary>
    internal ZeroShotEcgOptions Clone() => (ZeroShotEcgOptions)MemberwiseClone();
}
