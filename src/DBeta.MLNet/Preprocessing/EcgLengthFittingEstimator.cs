namespace DBeta.MLNet;

/// <summary>
/// Crops or zero-pads each lead of a lead-major ECG vector column to <see cref="Options.TargetLength"/> samples.
/// Made by <see cref="PreprocessingCatalog.FitEcgLength(Microsoft.ML.TransformsCatalog, Options)"/>.
/// </summary>
public sealed class EcgLengthFittingEstimator : EcgSignalEstimator<EcgLengthFittingTransformer>
{
    /// <summary>Options of <see cref="EcgLengthFittingEstimator"/>.</summary>
    public sealed class Options : EcgColumnOptions
    {
        /// <summary>Samples per lead in the output. Default 5000 (<see cref="DBetaConfig.SampleCount"/>).</summary>
        public int TargetLength { get; set; } = DBetaConfig.SampleCount;

        /// <summary>Which samples survive cropping and where padding goes. Default <see cref="EcgLengthAnchor.Start"/>.</summary>
        public EcgLengthAnchor Anchor { get; set; } = EcgLengthAnchor.Start;

        /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
        public int LeadCount { get; set; } = DBetaConfig.LeadCount;
    }

    internal EcgLengthFittingEstimator(Options options) : base(new EcgLengthFittingTransformer(options ?? throw new ArgumentNullException(nameof(options)))) { }
}
