using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// A view over <paramref name="path"/> with columns <c>Id</c>, <c>SourceFile</c>, <c>RowIndex</c> and
    /// <c>Embedding</c> (<c>Vector&lt;Single, D&gt;</c>), streamed one row group at a time: train probes and zero-shot
    /// heads straight from merged outputs.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="EmbeddingFileException">Not Parquet, or not the columns of a DBeta embedding file.</exception>
    /// <example><code>
    /// var embeddings = mlContext.Data.LoadEmbeddingsFromParquet("merged.parquet");   // Id, SourceFile, RowIndex, Embedding
    /// var scored = zeroShotModel.Transform(embeddings);   // heads read the Embedding column: no embedding again
    /// </code></example>
    public static IDataView LoadEmbeddingsFromParquet(this DataOperationsCatalog catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(path);
        return new EmbeddingParquetDataView(path);
    }
}
