namespace DBeta.MLNet;

/// <summary>
/// Collects garbage after every 4 MiB of embeddings read from Parquet. Parquet.Net leaves each row group's page buffers
/// (tens of MiB, on the large-object heap) behind, and between the runtime's own collections they piled up to 1.7 GiB
/// at CODE-15's size; collected this way, a reader holds about one row group's worth whatever the row count
/// (docs/benchmarks.md). Small blocks are collected after the same 4 MiB, about 1,400 rows of 768 floats.
/// </summary>
internal struct LargeReadCollector
{
    private const long Threshold = 4 << 20;
    private long _bytesSinceCollection;

    /// <summary>Counts <paramref name="block"/>'s embeddings as read, collecting once 4 MiB have been.</summary>
    public void Read(EmbeddingRowBlock block)
    {
        _bytesSinceCollection += (long)block.Count * block.EmbeddingDim * sizeof(float);
        if (_bytesSinceCollection < Threshold) return;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        _bytesSinceCollection = 0;
    }
}
