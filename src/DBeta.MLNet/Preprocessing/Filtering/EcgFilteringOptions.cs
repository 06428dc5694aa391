namespace DBeta.MLNet;

/// <summary>
/// Options of <see cref="EcgTransformsCatalog.FilterEcg(Microsoft.ML.TransformsCatalog, EcgFilteringOptions)"/>: an optional cleaning
/// filter, off in D-BETA's default pipeline (which feeds raw millivolts).
/// </summary>
public sealed class EcgFilteringOptions : EcgColumnOptions
{
    /// <summary>The filter. Default <see cref="EcgFilterKind.NeuroKit"/>, the only one now.</summary>
    public EcgFilterKind Kind { get; set; } = EcgFilterKind.NeuroKit;

    /// <summary>Mains frequency the powerline step averages out, 50 or 60 Hz. Default 50 (NeuroKit2's).</summary>
    public double PowerlineFrequency { get; set; } = NeuroKitEcgCleaner.DefaultPowerlineFrequency;

    /// <summary>Cut-off of the high-pass in Hz, below the Nyquist frequency. Default 0.5 (NeuroKit2's).</summary>
    public double HighPassCutoff { get; set; } = NeuroKitEcgCleaner.DefaultHighPassCutoff;

    /// <summary>
    /// Sampling rate of the input in Hz. Default null: the input column's <c>SampleRate</c> annotation, which the ECG loaders
    /// set (<see cref="DBetaColumnNames.SampleRateAnnotation"/>); set it for columns without one.
    /// </summary>
    public double? SampleRate { get; set; }

    /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
    public int LeadCount { get; set; } = DBetaConfig.LeadCount;
}
