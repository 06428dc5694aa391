
namespace DBeta.MLNet;

/// <summary>Options of <see cref="EcgShardEmbedder"/>: the model, the shard, where parts go and how often to checkpoint.</summary>
internal sealed class EcgShardEmbedderOptions
{
    /// <summary>The encoder and how to run it (model path, batch size, threads, GPU, progress). Required.</summary>
    public required EcgEmbeddingOptions Embedding { get; init; }

    /// <summary>
    /// Folder of the parts (created if missing); every worker of a run writes its part there. Required by
    /// <see cref="EcgShardEmbedder.Run"/>; <see cref="EcgShardEmbedder.EmbedToFile"/> uses a folder beside its output.
    /// </summary>
    public string PartsFolder { get; init; } = "";

    /// <summary>Which shard this worker embeds. Default <see cref="ShardSpec.Single"/> (everything).</summary>
    public ShardSpec Shard { get; init; } = ShardSpec.Single;

    /// <summary>How the part is written. Default <see cref="EmbeddingPartFormat.Parquet"/>.</summary>
    public EmbeddingPartFormat PartFormat { get; init; } = EmbeddingPartFormat.Parquet;

    /// <summary>
    /// Batches per checkpoint segment (default 32): a killed worker loses at most this many batches of work, and each
    /// segment is one small Parquet file, so very small values make many files.
    /// </summary>
    public int CheckpointBatches { get; init; } = DefaultCheckpointBatches;

    /// <summary>The default of <see cref="CheckpointBatches"/>.</summary>
    public const int DefaultCheckpointBatches = 32;

    /// <summary>Rows per row group of the finished Parquet part (default 8192, about 25 MB at width 768).</summary>
    public int RowGroupRows { get; init; } = 8192;

    /// <summary>A cleaning filter run at the input's rate before resampling. Default null: none (D-BETA feeds raw millivolts).</summary>
    public EcgFilteringOptions? Filter { get; init; }

    /// <summary>The leads the encoder sees, the others zero. Default <see cref="EcgLeadSet.Twelve"/> (all).</summary>
    public EcgLeadSet LeadSet { get; init; } = EcgLeadSet.Twelve;

    /// <summary>What to do with records holding NaN or Inf values. Default <see cref="InvalidValueHandling.Reject"/>.</summary>
    public InvalidValueHandling InvalidValues { get; init; } = InvalidValueHandling.Reject;

    /// <summary>Receives one-line notes (resuming, skipping a finished part); default none.</summary>
    public Action<string>? Log { get; init; }
}
