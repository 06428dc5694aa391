namespace DBeta.MLNet;

/// <summary>
/// How a loader brings records of different rates and lengths to one fixed size, so that a folder of real records
/// (the PhysioNet Challenge collections hold 6 to 60 s at 257 to 1000 Hz) loads as one view. Each record is
/// resampled on its own with the FFT method of <c>PrepareEcgForDBeta</c> (all its samples, to
/// <c>round(T * SampleRate / rate)</c>), then cropped or zero-padded to <see cref="SampleCount"/> around
/// <see cref="Anchor"/>: D-BETA keeps the first 5000 samples at 500 Hz.
/// </summary>
public sealed class EcgFitOptions
{
    /// <summary>Sampling rate every record is brought to, in Hz. Default 500 (<see cref="DBetaConfig.SampleRate"/>).</summary>
    public double SampleRate { get; set; } = DBetaConfig.SampleRate;

    /// <summary>Samples per lead after fitting. Default 5000 (<see cref="DBetaConfig.SampleCount"/>, 10 s at 500 Hz).</summary>
    public int SampleCount { get; set; } = DBetaConfig.SampleCount;

    /// <summary>Which samples a long record keeps and where a short one is padded. Default <see cref="EcgLengthAnchor.Start"/>.</summary>
    public EcgLengthAnchor Anchor { get; set; } = EcgLengthAnchor.Start;

    /// <summary>Checks the values, naming the bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate or length that is not positive.</exception>
    internal void Validate()
    {
        if (!(SampleRate > 0) || double.IsInfinity(SampleRate))
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "must be a positive finite number of Hz");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SampleCount, nameof(SampleCount));
        if (!Enum.IsDefined(Anchor)) throw new ArgumentOutOfRangeException(nameof(Anchor), Anchor, "not an EcgLengthAnchor value");
    }
}
