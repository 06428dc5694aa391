using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// The <paramref name="top"/> rows of an embeddings file most similar to <paramref name="query"/> by cosine, most
    /// similar first: exact search streamed over a <c>.parquet</c> written by <c>dbeta embed</c> / <c>dbeta merge</c>
    /// (ids and sources from the file) or a <c>.npy</c> (ids from <paramref name="idsCsvPath"/>, else row numbers),
    /// in flat memory. The query is an ECG's or a text's D-BETA embedding: both live in one space.
    /// </summary>
    /// <exception cref="EmbeddingFileException">The file cannot be read, or its width differs from the query's.</exception>
    /// <exception cref="ArgumentException">The query is zero or not finite.</exception>
    /// <example><code>
    /// float[] query = textEmbedding;                          // e.g. "atrial fibrillation" through EmbedTextWithDBeta
    /// foreach (var match in mlContext.Data.SearchEmbeddings("code15.parquet", query, top: 10))
    ///     Console.WriteLine($"{match.Id} {match.Cosine:0.000}");
    /// </code></example>
    public static IReadOnlyList<EmbeddingMatch> SearchEmbeddings(this DataOperationsCatalog catalog, string embeddingsPath, ReadOnlySpan<float> query,
        int top = 10, string? idsCsvPath = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EmbeddingSearch.Search(embeddingsPath, query, top, idsCsvPath);
    }
}
