namespace DBeta.MLNet;

/// <summary>Settings of <see cref="SyntheticEcgGenerator"/> and <c>LoadSyntheticEcgs</c>.</summary>
public sealed class SyntheticEcgOptions
{
    /// <summary>Number of records (row count of the data view, records written by <c>dbeta synth</c>). Default 1000.</summary>
    public int Count { get; set; } = 1000;

    /// <summary>Seed: the same seed gives bit-identical records on every machine. Default 42.</summary>
    public long Seed { get; set; } = 42;

    /// <summary>Sampling rate in Hz. Default 400 (CODE).</summary>
    public int SampleRate { get; set; } = DBetaConfig.CodeSampleRate;

    /// <summary>
    /// Samples per lead; <c>null</c> (default) means CODE's 4096 at 400 Hz and 10 s otherwise (5000 at 500 Hz).
    /// </summary>
    public int? SampleCount { get; set; }

    /// <summary>Label prevalences; see <see cref="SyntheticEcgPrevalence"/> for the defaults (0.10 each).</summary>
    public SyntheticEcgPrevalence Prevalence { get; set; } = new();

    /// <summary>Noise levels; see <see cref="SyntheticEcgNoise"/> for the defaults.</summary>
    public SyntheticEcgNoise Noise { get; set; } = new();

    /// <summary>Prefix of each record's <see cref="EcgRecord.Id"/>: <c>{IdPrefix}-{index}</c>. Default <c>synthetic</c>.</summary>
    public string IdPrefix { get; set; } = "synthetic";

    /// <summary>The sample count actually used: <see cref="SampleCount"/> or its default for <see cref="SampleRate"/>.</summary>
    public int ResolvedSampleCount =>
        SampleCount ?? (SampleRate == DBetaConfig.CodeSampleRate ? DBetaConfig.CodeSampleCount : 10 * SampleRate);

    /// <summary>A deep copy, so that a generator is not affected by later changes to these options.</summary>
    internal SyntheticEcgOptions Clone() => new()
    {
        Count = Count,
        Seed = Seed,
        SampleRate = SampleRate,
        SampleCount = SampleCount,
        IdPrefix = IdPrefix,
        Prevalence = new()
        {
            FirstDegreeAvBlock = Prevalence.FirstDegreeAvBlock,
            RightBundleBranchBlock = Prevalence.RightBundleBranchBlock,
            LeftBundleBranchBlock = Prevalence.LeftBundleBranchBlock,
            SinusBradycardia = Prevalence.SinusBradycardia,
            AtrialFibrillation = Prevalence.AtrialFibrillation,
            SinusTachycardia = Prevalence.SinusTachycardia,
        },
        Noise = new()
        {
            BaselineWander = Noise.BaselineWander,
            PowerLine = Noise.PowerLine,
            PowerLineFrequency = Noise.PowerLineFrequency,
            Muscle = Noise.Muscle,
        },
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot be used.</summary>
    public void Validate()
    {
        if (Count < 0) throw new ArgumentException($"{nameof(Count)} is {Count}, expected 0 or more");
        if (SampleRate < 100 || SampleRate > 10_000)
            throw new ArgumentException($"{nameof(SampleRate)} is {SampleRate} Hz, expected 100-10000 Hz (ECGs are sampled at 250-1000 Hz)");
        double seconds = (double)ResolvedSampleCount / SampleRate;
        if (seconds < 2 || seconds > 600)
            throw new ArgumentException($"{nameof(SampleCount)} {ResolvedSampleCount} at {SampleRate} Hz is {seconds:0.##} s, expected 2-600 s");
        ArgumentNullException.ThrowIfNull(Prevalence, nameof(Prevalence));
        ArgumentNullException.ThrowIfNull(Noise, nameof(Noise));
        ArgumentNullException.ThrowIfNull(IdPrefix, nameof(IdPrefix));
        Prevalence.Validate();
        Noise.Validate();
        if (Noise.PowerLineFrequency >= SampleRate / 2.0)
            throw new ArgumentException($"power-line frequency {Noise.PowerLineFrequency} Hz is at or above the Nyquist frequency of {SampleRate} Hz");
    }
}
