using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgTransformsCatalog
{
    /// <summary>
    /// Embeds the <paramref name="inputColumnName"/> ECGs (12 x 5000 lead-major, mV, 500 Hz) with the D-BETA encoder in
    /// <paramref name="modelPath"/> into a <c>Vector&lt;Single, 768&gt;</c> column.
    /// </summary>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"));   // Embedding: float[768]
    /// IDataView embedded = pipeline.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgEmbeddingEstimator EmbedEcgWithDBeta(this TransformsCatalog catalog, string modelPath,
        string outputColumnName = DBetaColumnNames.Embedding, string inputColumnName = DBetaColumnNames.Ecg, int batchSize = 4) =>
        catalog.EmbedEcgWithDBeta(new EcgEmbeddingOptions
        {
            ModelPath = modelPath,
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
            BatchSize = batchSize,
        });

    /// <summary>Embeds ECGs with the D-BETA encoder, with every option (threads, GPU, progress).</summary>
    /// <example><code>
    /// var pipeline = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx"));   // Embedding: float[768]
    /// IDataView embedded = pipeline.Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgEmbeddingEstimator EmbedEcgWithDBeta(this TransformsCatalog catalog, EcgEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new EcgEmbeddingEstimator(options);
    }

    /// <summary>
    /// Embeds the <paramref name="inputColumnName"/> texts with D-BETA's text encoder (Flan-T5, T5 SentencePiece
    /// tokens, lowercased) into a <c>Vector&lt;Single, 768&gt;</c> column.
    /// </summary>
    /// <example><code>
    /// var texts = mlContext.Data.LoadFromEnumerable(new[] { new { Text = "atrial fibrillation" } });
    /// var embed = mlContext.Transforms.EmbedTextWithDBeta("dbeta-text.onnx", "spiece.model");
    /// var embedded = embed.Fit(texts).Transform(texts);              // TextEmbedding: float[768]
    /// </code></example>
    public static TextEmbeddingEstimator EmbedTextWithDBeta(this TransformsCatalog catalog, string modelPath, string tokenizerPath,
        string outputColumnName = DBetaColumnNames.TextEmbedding, string inputColumnName = DBetaColumnNames.Text) =>
        catalog.EmbedTextWithDBeta(new TextEmbeddingOptions
        {
            ModelPath = modelPath,
            TokenizerPath = tokenizerPath,
            OutputColumnName = outputColumnName,
            InputColumnName = inputColumnName,
        });

    /// <summary>Embeds texts with D-BETA's text encoder, with every option.</summary>
    /// <example><code>
    /// var texts = mlContext.Data.LoadFromEnumerable(new[] { new { Text = "atrial fibrillation" } });
    /// var embed = mlContext.Transforms.EmbedTextWithDBeta("dbeta-text.onnx", "spiece.model");
    /// var embedded = embed.Fit(texts).Transform(texts);              // TextEmbedding: float[768]
    /// </code></example>
    public static TextEmbeddingEstimator EmbedTextWithDBeta(this TransformsCatalog catalog, TextEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new TextEmbeddingEstimator(options);
    }
}
