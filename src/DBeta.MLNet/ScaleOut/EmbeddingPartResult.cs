namespace DBeta.MLNet;

/// <summary>What <see cref="EcgShardEmbedder.Run"/> did for one shard.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="ManifestPath">The part's manifest.</param>
/// <param name="PartFiles">The part's data files (the Parquet file, or the <c>.npy</c> and the ids CSV).</param>
/// <param name="FirstRecord">Global index of the shard's first input record.</param>
/// <param name="RecordCount">Input records in the shard.</param>
/// <param name="Rows">Embeddings written.</param>
/// <param name="DroppedIds">Ids of the records dropped for NaN/Inf values.</param>
/// <param name="ResumedAfter">Records of the shard already checkpointed by an earlier, interrupted worker.</param>
/// <param name="AlreadyDone">True when the part was finished before and nothing was done.</param>
/// <param name="EmbedTime">Time this call spent reading, preprocessing and embedding.</param>
/// <param name="ExecutionProvider">Where the encoder ran (<c>CPU</c>, <c>CUDA:0</c>), or empty when nothing ran.</param>
internal sealed record EmbeddingPartResult(ShardSpec Shard, string ManifestPath, IReadOnlyList<string> PartFiles, int FirstRecord, int RecordCount,
    long Rows, IReadOnlyList<string> DroppedIds, int ResumedAfter, bool AlreadyDone, TimeSpan EmbedTime, string ExecutionProvider);
