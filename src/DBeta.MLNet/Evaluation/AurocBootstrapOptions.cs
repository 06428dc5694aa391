namespace DBeta.MLNet;

/// <summary>
/// A percentile bootstrap of AUROC over the test set, as ECG foundation-model benchmarks report it: the rows are drawn
/// with replacement <see cref="Resamples"/> times (a SplitMix64 generator seeded with <see cref="Seed"/>; draw
/// <c>i</c> of a resample is row <c>floor(u * N / 2^64)</c> for the generator's next 64-bit <c>u</c>, so any language can
/// repeat the draws), AUROC is computed on each resample as on the full set, and the interval is the
/// <c>(1 - Level) / 2</c> and <c>(1 + Level) / 2</c> percentiles of those values (numpy's default linear interpolation).
/// A resample holding one class of a label gives that label no value; the macro AUROC of a resample is the mean over
/// the labels whose AUROC is defined on the full set, and counts only when every one of them has both classes.
/// </summary>
public sealed class AurocBootstrapOptions
{
    /// <summary>Resamples of the test set. Default 1000.</summary>
    public int Resamples { get; set; } = 1000;

    /// <summary>Seed of the resample draws. Default 0.</summary>
    public ulong Seed { get; set; }

    /// <summary>Coverage of the interval. Default 0.95.</summary>
    public double Level { get; set; } = 0.95;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Resamples, 2, nameof(Resamples));
        if (!(Level > 0 && Level < 1)) throw new ArgumentOutOfRangeException(nameof(Level), Level, "must be between 0 and 1");
    }
}
