namespace DBeta.MLNet;

/// <summary>How <c>PoolEcgWindowEmbeddings</c> makes one embedding of a record's window embeddings.</summary>
public enum EcgWindowPooling
{
    /// <summary>The element-wise mean of the windows' embeddings.</summary>
    Mean,

    /// <summary>The element-wise maximum of the windows' embeddings.</summary>
    Max,
}
