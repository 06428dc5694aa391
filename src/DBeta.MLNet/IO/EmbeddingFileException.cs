namespace DBeta.MLNet;

/// <summary>
/// An embedding file, a shard part or a folder of parts is unusable: not Parquet, the wrong columns, a checksum that
/// does not match, or parts that do not add up (missing or duplicated records, another model). The message names the
/// file or folder and the problem.
/// </summary>
public sealed class EmbeddingFileException : DBetaException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> (a file or a folder of parts).</summary>
    public EmbeddingFileException(string filePath, string problem, Exception? inner = null) : base(filePath, problem, null, inner) { }
}
