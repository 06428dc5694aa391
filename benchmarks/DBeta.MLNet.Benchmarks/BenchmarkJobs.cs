using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// The job of each benchmark class, in the short mode (in-process, few iterations: minutes on a 2-core machine) and the
/// full mode (a separate process, more iterations). Operations here take from milliseconds (scoring) to a minute
/// (training FastTree), so each kind gets its own counts.
/// </summary>
internal static class BenchmarkJobs
{
    private static Job Base => BenchmarkData.Short
        ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithId("Short")
        : Job.Default.WithLaunchCount(1).WithId("Full");

    /// <summary>Embedding: one invocation embeds several ECGs (about a second).</summary>
    public static Job Embedding => Base.WithInvocationCount(1).WithUnrollFactor(1)
        .WithWarmupCount(BenchmarkData.Short ? 1 : 2).WithIterationCount(BenchmarkData.Short ? 3 : 8);

    /// <summary>Probe training: seconds to a minute per run; timed cold, as a user trains once.</summary>
    public static Job Training => Base.WithStrategy(RunStrategy.Monitoring).WithInvocationCount(1).WithUnrollFactor(1)
        .WithWarmupCount(0).WithIterationCount(BenchmarkData.Short ? 1 : 3);

    /// <summary>Probe scoring: milliseconds per run.</summary>
    public static Job Scoring => Base.WithWarmupCount(BenchmarkData.Short ? 1 : 3).WithIterationCount(BenchmarkData.Short ? 3 : 10);

    /// <summary>Resampling one ECG: about a millisecond, so BenchmarkDotNet's own pilot picks the invocation count.</summary>
    public static Job Resampling => Base.WithWarmupCount(BenchmarkData.Short ? 2 : 5).WithIterationCount(BenchmarkData.Short ? 5 : 15);

    /// <summary>Merging parts: a new process of seconds each time, so no warm-up.</summary>
    public static Job Merge => Base.WithStrategy(RunStrategy.Monitoring).WithInvocationCount(1).WithUnrollFactor(1)
        .WithWarmupCount(0).WithIterationCount(BenchmarkData.Short ? 1 : 3);
}

/// <summary>Config of the embedding benchmarks: <see cref="BenchmarkJobs.Embedding"/> and an ECG/s column.</summary>
internal sealed class EmbeddingConfig : ManualConfig
{
    public EmbeddingConfig()
    {
        AddJob(BenchmarkJobs.Embedding);
        AddColumn(new EcgPerSecondColumn());
    }
}

/// <summary>Config of probe training: <see cref="BenchmarkJobs.Training"/>, memory and AUROC columns.</summary>
internal sealed class ProbeTrainingConfig : ManualConfig
{
    public ProbeTrainingConfig()
    {
        AddJob(BenchmarkJobs.Training);
        AddColumn(new AurocColumn());
    }
}

/// <summary>Config of probe scoring: <see cref="BenchmarkJobs.Scoring"/> and the AUROC column.</summary>
internal sealed class ProbeScoringConfig : ManualConfig
{
    public ProbeScoringConfig()
    {
        AddJob(BenchmarkJobs.Scoring);
        AddColumn(new AurocColumn());
    }
}

/// <summary>Config of the merge benchmark: each iteration one cold <c>dbeta merge</c> process (seconds), and its peak memory.</summary>
internal sealed class MergeConfig : ManualConfig
{
    public MergeConfig()
    {
        AddJob(BenchmarkJobs.Merge);
        AddColumn(new MergePeakColumn());
    }
}

/// <summary>Config of the FFT resampling comparison: <see cref="BenchmarkJobs.Resampling"/> and allocations.</summary>
internal sealed class ResamplingConfig : ManualConfig
{
    public ResamplingConfig()
    {
        AddJob(BenchmarkJobs.Resampling);
        AddDiagnoser(BenchmarkDotNet.Diagnosers.MemoryDiagnoser.Default);
    }
}
