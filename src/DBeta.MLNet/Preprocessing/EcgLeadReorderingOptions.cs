namespace DBeta.MLNet;

/// <summary>Options of <see cref="EcgTransformsCatalog.ReorderEcgLeads(Microsoft.ML.TransformsCatalog, EcgLeadReorderingOptions)"/>: set exactly one of <see cref="SourceLeadNames"/> and <see cref="SourceIndices"/>.</summary>
public sealed class EcgLeadReorderingOptions : EcgColumnOptions
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
