namespace DBeta.MLNet;

/// <summary>How <see cref="EcgPreprocessor"/> turns a record into the encoder's input. The defaults are D-BETA's.</summary>
internal sealed record EcgPreprocessingOptions
{
    /// <summary>Sampling rate of the input in Hz; <c>null</c> (default) takes each record's own <see cref="EcgRecord.SampleRate"/>.</summary>
    public double? SourceRate { get; init; }

    /// <summary>Sampling rate the output has, in Hz. Default 500 (<see cref="DBetaConfig.SampleRate"/>).</summary>
    public double TargetRate { get; init; } = DBetaConfig.SampleRate;

    /// <summary>Samples per lead in the output after cropping or zero-padding. Default 5000 (<see cref="DBetaConfig.SampleCount"/>).</summary>
    public int TargetLength { get; init; } = DBetaConfig.SampleCount;

    /// <summary>Which samples survive cropping and where padding goes. Default <see cref="EcgLengthAnchor.Start"/> (D-BETA keeps the first 5000).</summary>
    public EcgLengthAnchor Anchor { get; init; } = EcgLengthAnchor.Start;

    /// <summary>
    /// Z-score each lead of each record after resampling and before fitting the length, so padding stays zero.
    /// Default <c>false</c>: D-BETA feeds raw millivolts.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>With <see cref="Standardize"/>, leads with a smaller standard deviation are only centred. Default 1e-6.</summary>
    public double MinimumStandardDeviation { get; init; } = EcgLeadStandardizer.DefaultMinimumStandardDeviation;

    /// <summary>D-BETA's preprocessing for records of any rate: resample to 500 Hz, keep the first 5000 samples, raw values.</summary>
    public static EcgPreprocessingOptions DBeta { get; } = new();
}
