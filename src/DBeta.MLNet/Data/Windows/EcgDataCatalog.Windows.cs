using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Pools the embeddings of a windowed load (<see cref="EcgWindowOptions"/>) into one row per record: columns
    /// <paramref name="embeddingColumnName"/> (the mean or maximum over the record's windows), the record's Boolean
    /// label columns, and <c>Id</c> (the record id), in record order, in memory.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="embeddedWindows">A view with <c>RecordId</c> and the embedding column, a record's windows side by side.</param>
    /// <param name="pooling">Mean (default) or Max.</param>
    /// <param name="embeddingColumnName">The embedding column, <c>Vector&lt;Single, D&gt;</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of another type.</exception>
    /// <exception cref="InvalidOperationException">A record's windows are not side by side.</exception>
    /// <example><code>
    /// var windows = mlContext.Data.LoadChallengeEcgs("cpsc2018", new ChallengeLoaderOptions { Windows = new() { StrideSeconds = 5 } });
    /// var embedded = mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx").Fit(windows).Transform(windows);
    /// var perRecord = mlContext.Data.PoolEcgWindowEmbeddings(embedded, EcgWindowPooling.Mean);
    /// </code></example>
    public static IDataView PoolEcgWindowEmbeddings(this DataOperationsCatalog catalog, IDataView embeddedWindows,
        EcgWindowPooling pooling = EcgWindowPooling.Mean, string embeddingColumnName = DBetaColumnNames.Embedding)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EcgWindowEmbeddingPooler.Pool(embeddedWindows, pooling, embeddingColumnName);
    }
}
