namespace DBeta.MLNet;

/// <summary>Options of <see cref="EmbeddingPartsMerger.Merge"/>.</summary>
internal sealed class EmbeddingMergeOptions
{
    /// <summary>With a <c>.npy</c> output: also write the ids CSV (<c>Id,SourceFile,RowIndex</c>) here. Default none.</summary>
    public string? IdsCsvPath { get; init; }

    /// <summary>Rows per row group of a Parquet output (default 8192, about 25 MB at width 768).</summary>
    public int RowGroupRows { get; init; } = 8192;

    /// <summary>At most this many missing or duplicated records are named in the error (default 20); the rest are counted.</summary>
    public int MaxNamedRecords { get; init; } = 20;
}
