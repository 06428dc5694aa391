namespace DBeta.MLNet;

/// <summary>
/// Z-scores each lead of each row of a lead-major ECG vector column (population standard deviation). Not part of D-BETA's
/// own preprocessing, which feeds raw millivolts. Made by <see cref="PreprocessingCatalog.StandardizeEcgLeads(Microsoft.ML.TransformsCatalog, Options)"/>.
/// </summary>
public sealed class EcgLeadStandardizingEstimator : EcgSignalEstimator<EcgLeadStandardizingTransformer>
{
    /// <summary>Options of <see cref="EcgLeadStandardizingEstimator"/>.</summary>
    public sealed class Options : EcgColumnOptions
    {
        /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
        public int LeadCount { get; set; } = DBetaConfig.LeadCount;

        /// <summary>Leads with a smaller standard deviation are only centred, so flat leads stay zero. Default 1e-6.</summary>
        public double MinimumStandardDeviation { get; set; } = EcgLeadStandardizer.DefaultMinimumStandardDeviation;
    }

    internal EcgLeadStandardizingEstimator(Options options) : base(new EcgLeadStandardizingTransformer(options ?? throw new ArgumentNullException(nameof(options)))) { }
}
