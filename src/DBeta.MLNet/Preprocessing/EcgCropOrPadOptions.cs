namespace DBeta.MLNet;

/// <summary>Options of <see cref="EcgTransformsCatalog.CropOrPadEcg(Microsoft.ML.TransformsCatalog, EcgCropOrPadOptions)"/>: crop or zero-pad each lead to a fixed length.</summary>
public sealed class EcgCropOrPadOptions : EcgColumnOptions
{
    /// <summary>Samples per lead in the output. Default 5000 (<see cref="DBetaConfig.SampleCount"/>).</summary>
    public int TargetLength { get; set; } = DBetaConfig.SampleCount;

    /// <summary>Which samples survive cropping and where padding goes. Default <see cref="EcgLengthAnchor.Start"/>.</summary>
    public EcgLengthAnchor Anchor { get; set; } = EcgLengthAnchor.Start;

    /// <summary>Leads in the vector. Default 12 (<see cref="DBetaConfig.LeadCount"/>).</summary>
    public int LeadCount { get; set; } = DBetaConfig.LeadCount;
}
