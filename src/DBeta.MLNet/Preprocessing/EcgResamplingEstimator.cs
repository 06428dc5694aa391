namespace DBeta.MLNet;

/// <summary>
/// Resamples a lead-major ECG vector column from <see cref="Options.SourceRate"/> to <see cref="Options.TargetRate"/>
/// with <c>scipy.signal.resample</c>'s FFT method: <c>T</c> samples per lead become <c>round(T * target / source)</c>.
/// Made by <see cref="PreprocessingCatalog.ResampleEcg(Microsoft.ML.TransformsCatalog, Options)"/>.
/// </summary>
public sealed class EcgResamplingEstimator : EcgSignalEstimator<EcgResamplingTransformer>
{
    /// <summary>Options of <see cref="EcgResamplingEstimator"/>.</summary>
    public sealed class Options : EcgColumnOptions
    {
        /// <summary>Sampling rate of the input in Hz. Required (no default): CODE is 400, PTB-XL 500 or 100, PTB 1000.</summary>
        public double SourceRate { get; set; }

        /// <summary>Sampling rate of the output in Hz. Default 500 (<see cref="DBetaConfig.SampleRate"/>).</summary>
        public double TargetRate { get; set; } = DBetaConfig.SampleRate;

        /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
        public int LeadCount { get; set; } = DBetaConfig.LeadCount;
    }

    internal EcgResamplingEstimator(Options options) : base(new EcgResamplingTransformer(options ?? throw new ArgumentNullException(nameof(options)))) { }
}
