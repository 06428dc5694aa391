namespace DBeta.MLNet;

/// <summary>How a shard's part is written.</summary>
internal enum EmbeddingPartFormat
{
    /// <summary>One Apache Parquet file: id, source_file, row_index, embedding (list of float32), run metadata in the footer.</summary>
    Parquet,

    /// <summary>A float32 <c>[rows, D]</c> <c>.npy</c> file and an <c>.ids.csv</c> beside it (id, source_file, row_index).</summary>
    Npy,
}
