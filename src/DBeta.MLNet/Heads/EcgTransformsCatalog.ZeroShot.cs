using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgTransformsCatalog
{
    /// <summary>
    /// Scores the ECG embeddings in <paramref name="embeddingColumnName"/> against text prompts: at fit time each prompt
    /// of <paramref name="prompts"/> (default <see cref="PromptSet.CodeDefaults"/>) is embedded once with the text encoder
    /// <paramref name="textModelPath"/> and tokenizer <paramref name="tokenizerPath"/>; each row then gets a
    /// <c>Vector&lt;Single, K&gt;</c> column <paramref name="scoresColumnName"/>, score k = embedding · prompt k, slot names = labels.
    /// </summary>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"))
    ///     .Append(mlContext.Transforms.ScoreEcgZeroShot("dbeta-text.onnx", "spiece.model"));   // Scores, one per label
    /// </code></example>
    public static ZeroShotEcgEstimator ScoreEcgZeroShot(this TransformsCatalog catalog, string textModelPath, string tokenizerPath,
        PromptSet? prompts = null, string embeddingColumnName = DBetaColumnNames.Embedding, string scoresColumnName = DBetaColumnNames.Scores) =>
        catalog.ScoreEcgZeroShot(new ZeroShotEcgOptions
        {
            TextModelPath = textModelPath,
            TokenizerPath = tokenizerPath,
            Prompts = prompts ?? PromptSet.CodeDefaults,
            EmbeddingColumnName = embeddingColumnName,
            ScoresColumnName = scoresColumnName,
        });

    /// <summary>D-BETA's zero-shot head with every option (per-label columns, tokenization, text-encoder threads).</summary>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"))
    ///     .Append(mlContext.Transforms.ScoreEcgZeroShot("dbeta-text.onnx", "spiece.model"));   // Scores, one per label
    /// </code></example>
    public static ZeroShotEcgEstimator ScoreEcgZeroShot(this TransformsCatalog catalog, ZeroShotEcgOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ZeroShotEcgEstimator(catalog, options);
    }
}
