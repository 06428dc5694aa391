namespace DBeta.MLNet;

/// <summary>
/// Reorders (or selects) the leads of a lead-major ECG vector column, by the input's lead names (to D-BETA's standard
/// order) or by explicit indices. Made by <see cref="PreprocessingCatalog.ReorderEcgLeads(Microsoft.ML.TransformsCatalog, Options)"/>.
/// </summary>
public sealed class EcgLeadReorderingEstimator : EcgSignalEstimator<EcgLeadReorderingTransformer>
{
    /// <summary>Options of <see cref="EcgLeadReorderingEstimator"/>: set exactly one of <see cref="SourceLeadNames"/> and <see cref="SourceIndices"/>.</summary>
    public sealed class Options : EcgColumnOptions
    {
        /// <summary>
        /// Names of the input's leads in their order (any case, e.g. a WFDB header's <c>i, ii, ..., v6, vx, vy, vz</c>).
        /// The output is the 12 standard leads in <see cref="EcgLeads.Standard"/> order; other leads are dropped. Default null.
        /// </summary>
        public IReadOnlyList<string>? SourceLeadNames { get; set; }

        /// <summary>For each output lead, the index of the input lead it copies. Default null.</summary>
        public IReadOnlyList<int>? SourceIndices { get; set; }

        /// <summary>Leads in the input with <see cref="SourceIndices"/>. Default null: as many as <see cref="SourceIndices"/> has (a permutation).</summary>
        public int? InputLeadCount { get; set; }
    }

    internal EcgLeadReorderingEstimator(Options options) : base(new EcgLeadReorderingTransformer(options ?? throw new ArgumentNullException(nameof(options)))) { }
}
