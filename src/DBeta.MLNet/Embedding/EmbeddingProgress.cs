namespace DBeta.MLNet;

/// <summary>Progress of an embedding run, reported after each batch.</summary>
/// <param name="RowsDone">Rows embedded so far by this cursor.</param>
/// <param name="TotalRows">Rows in the input when it knows its size, else <c>null</c>.</param>
/// <param name="Elapsed">Time since the cursor's first batch started.</param>
public readonly record struct EmbeddingProgress(long RowsDone, long? TotalRows, TimeSpan Elapsed)
{
    /// <summary>Rows per second so far.</summary>
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? RowsDone / Elapsed.TotalSeconds : 0;
}
