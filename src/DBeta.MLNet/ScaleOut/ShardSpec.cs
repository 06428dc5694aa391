using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Which slice of the records one worker embeds: shard <see cref="Index"/> of <see cref="Count"/> (0-based). Shard
/// <c>i</c> takes the records <c>[floor(i N / n), floor((i + 1) N / n))</c> of the <c>N</c> input records in input
/// order, so the slices are contiguous, differ in size by at most one, and depend only on the sorted inputs and
/// <c>n</c>. Take one from <c>--shard i/n</c> (<see cref="Parse"/>) or from the batch scheduler
/// (<see cref="FromEnvironment"/>).
/// </summary>
internal sealed record ShardSpec
{
    /// <summary>Kubernetes Indexed Jobs set this to the pod's completion index (0 to completions - 1).</summary>
    public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The shard count for a Kubernetes Indexed Job (Kubernetes does not pass <c>completions</c> to the pod): set it to the Job's <c>completions</c>.</summary>
    public const string ShardCountVariable = "DBETA_SHARD_COUNT";

    /// <summary>Slurm job arrays set this to the task's id (from the <c>--array</c> range).</summary>
    public const string SlurmTaskIdVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>Slurm job arrays set this to the number of tasks in the array.</summary>
    public const string SlurmTaskCountVariable = "SLURM_ARRAY_TASK_COUNT";

    /// <summary>Slurm job arrays set this to the lowest task id (<c>--array=1-8</c> gives 1).</summary>
    public const string SlurmTaskMinVariable = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Slurm job arrays set this to the highest task id.</summary>
    public const string SlurmTaskMaxVariable = "SLURM_ARRAY_TASK_MAX";

    /// <summary>Slurm job arrays set this to the step between task ids (<c>--array=0-15:4</c> gives 4).</summary>
    public const string SlurmTaskStepVariable = "SLURM_ARRAY_TASK_STEP";

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>; <paramref name="origin"/> says where the numbers came from.</summary>
    /// <exception cref="ShardSpecException">The count is below 1 or the index outside <c>[0, count)</c>.</exception>
    public ShardSpec(int index, int count, string origin = "--shard")
    {
        if (count < 1) throw new ShardSpecException($"{origin}: the shard count is {count}; it must be at least 1");
        if (index < 0 || index >= count)
            throw new ShardSpecException($"{origin}: shard index {index} is outside 0..{count - 1} (shards are numbered from 0)");
        Index = index;
        Count = count;
        Origin = origin;
    }

    /// <summary>The shard, from 0 to <see cref="Count"/> - 1.</summary>
    public int Index { get; }

    /// <summary>How many shards the records are split into.</summary>
    public int Count { get; }

    /// <summary>Where the numbers came from: <c>--shard</c> or the environment variables read.</summary>
    public string Origin { get; }

    /// <summary>The whole input as one shard (0/1).</summary>
    public static ShardSpec Single { get; } = new(0, 1, "single shard");

    /// <summary>Parses <c>i/n</c> (0-based <c>i</c>, e.g. <c>2/4</c> is the third of four shards).</summary>
    /// <exception cref="ShardSpecException">The text is not <c>i/n</c> with 0 &lt;= i &lt; n.</exception>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2 || !TryInt(parts[0], out int index) || !TryInt(parts[1], out int count))
            throw new ShardSpecException($"--shard '{text}' is not 'i/n' (e.g. 0/4 for the first of four shards)");
        return new ShardSpec(index, count, $"--shard {text}");
    }

    /// <summary>
    /// The shard a batch scheduler assigned, or <c>null</c> when no scheduler variables are set. Kubernetes Indexed
    /// Jobs: <see cref="KubernetesIndexVariable"/> with the count from <paramref name="count"/> or
    /// <see cref="ShardCountVariable"/>. Slurm arrays: <see cref="SlurmTaskIdVariable"/> -
    /// <see cref="SlurmTaskMinVariable"/> of <see cref="SlurmTaskCountVariable"/> (the array must have step 1).
    /// Kubernetes wins when both are set.
    /// </summary>
    /// <param name="getVariable">Reads one variable (default <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <param name="count">The shard count when the scheduler does not give it (Kubernetes), e.g. from <c>--shard-count</c>.</param>
    /// <exception cref="ShardSpecException">A variable is not an integer, the count is missing, or the Slurm array has gaps.</exception>
    public static ShardSpec? FromEnvironment(Func<string, string?>? getVariable = null, int? count = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        if (Read(getVariable, KubernetesIndexVariable) is int completionIndex)
        {
            if (count is int given) return new ShardSpec(completionIndex, given, $"{KubernetesIndexVariable}={completionIndex}, --shard-count {given}");
            int total = Read(getVariable, ShardCountVariable)
                ?? throw new ShardSpecException($"{KubernetesIndexVariable} is set (a Kubernetes Indexed Job) but the shard count is not: set {ShardCountVariable} to the Job's completions, or pass --shard-count");
            return new ShardSpec(completionIndex, total, $"{KubernetesIndexVariable}={completionIndex}, {ShardCountVariable}={total}");
        }
        if (Read(getVariable, SlurmTaskIdVariable) is int taskId)
        {
            int tasks = count ?? Read(getVariable, SlurmTaskCountVariable)
                ?? throw new ShardSpecException($"{SlurmTaskIdVariable} is set but {SlurmTaskCountVariable} is not; run as a Slurm job array (sbatch --array=0-N)");
            int min = Read(getVariable, SlurmTaskMinVariable) ?? 0;
            if (Read(getVariable, SlurmTaskStepVariable) is int step && step != 1)
                throw new ShardSpecException($"{SlurmTaskStepVariable}={step}: the array skips task ids; use a contiguous range such as --array=0-{tasks - 1}");
            if (Read(getVariable, SlurmTaskMaxVariable) is int max && max - min + 1 != tasks)
                throw new ShardSpecException($"the Slurm array {min}-{max} has {tasks} tasks, not {max - min + 1}: it skips task ids; use a contiguous range such as --array=0-{tasks - 1}");
            return new ShardSpec(taskId - min, tasks, $"{SlurmTaskIdVariable}={taskId}, {SlurmTaskMinVariable}={min}, {SlurmTaskCountVariable}={tasks}");
        }
        return null;
    }

    /// <summary>The records of this shard among <paramref name="total"/>: the first one and how many.</summary>
    public (int First, int Count) RangeOf(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        int first = (int)((long)Index * total / Count);
        int end = (int)((long)(Index + 1) * total / Count);
        return (first, end - first);
    }

    /// <summary><c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Same index and count (the origin is not compared).</summary>
    public bool Equals(ShardSpec? other) => other is not null && other.Index == Index && other.Count == Count;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Index, Count);

    private static int? Read(Func<string, string?> getVariable, string name)
    {
        string? text = getVariable(name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        return TryInt(text, out int value) ? value
            : throw new ShardSpecException($"environment variable {name}='{text}' is not an integer");
    }

    private static bool TryInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
