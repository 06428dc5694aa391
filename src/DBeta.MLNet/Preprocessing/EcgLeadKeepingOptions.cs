namespace DBeta.MLNet;

/// <summary>
/// Options of <see cref="EcgTransformsCatalog.KeepEcgLeads(Microsoft.ML.TransformsCatalog, EcgLeadKeepingOptions)"/>: keep one of the
/// Challenge 2021 lead sets of a 12-lead column (D-BETA's order) and set the other leads to zero.
/// </summary>
public sealed class EcgLeadKeepingOptions : EcgColumnOptions
{
    /// <summary>The leads kept. Default <see cref="EcgLeadSet.Twelve"/> (all).</summary>
    public EcgLeadSet LeadSet { get; set; } = EcgLeadSet.Twelve;
}
