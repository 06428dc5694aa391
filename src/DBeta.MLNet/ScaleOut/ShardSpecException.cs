namespace DBeta.MLNet;

/// <summary>A shard cannot be worked out: a bad <c>--shard i/n</c>, or scheduler environment variables that do not fit together.</summary>
internal sealed class ShardSpecException : DBetaException
{
    /// <summary>Creates the exception; <paramref name="problem"/> names the value or variable and says what to do.</summary>
    public ShardSpecException(string problem) : base(problem) { }
}
