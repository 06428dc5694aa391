namespace DBeta.MLNet;

/// <summary>Options of <see cref="EcgTransformsCatalog.ResampleEcg(Microsoft.ML.TransformsCatalog, EcgResamplingOptions)"/>: FFT resampling as <c>scipy.signal.resample</c>.</summary>
public sealed class EcgResamplingOptions : EcgColumnOptions
{
    /// <summary>Sampling rate of the input in Hz. Required (no default): CODE is 400, PTB-XL 500 or 100, PTB 1000.</summary>
    public double SourceRate { get; set; }

    /// <summary>Sampling rate of the output in Hz. Default 500 (<see cref="DBetaConfig.SampleRate"/>).</summary>
    public double TargetRate { get; set; } = DBetaConfig.SampleRate;

    /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
    public int LeadCount { get; set; } = DBetaConfig.LeadCount;
}
