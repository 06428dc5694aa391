namespace DBeta.MLNet;

/// <summary>Options of <see cref="EcgTransformsCatalog.StandardizeEcgLeads(Microsoft.ML.TransformsCatalog, EcgLeadStandardizingOptions)"/>: each lead to zero mean and unit variance.</summary>
public sealed class EcgLeadStandardizingOptions : EcgColumnOptions
{
    /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
    public int LeadCount { get; set; } = DBetaConfig.LeadCount;

    /// <summary>Leads with a smaller standard deviation are only centred, so flat leads stay zero. Default 1e-6.</summary>
    public double MinimumStandardDeviation { get; set; } = EcgLeadStandardizer.DefaultMinimumStandardDeviation;
}
