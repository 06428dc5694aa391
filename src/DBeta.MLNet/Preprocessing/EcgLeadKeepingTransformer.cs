namespace DBeta.MLNet;

/// <summary>The transformer of <see cref="EcgSignalEstimator"/> for <c>KeepEcgLeads</c>: kept leads copied bit for bit, the others exact zeros.</summary>
internal sealed class EcgLeadKeepingTransformer : EcgSignalTransformer
{
    private readonly bool[] _kept;

    /// <summary>The leads kept.</summary>
    public EcgLeadSet LeadSet { get; }

    internal EcgLeadKeepingTransformer(EcgLeadKeepingOptions options)
        : base(options, DBetaConfig.LeadCount, DBetaConfig.LeadCount)
    {
        if (!Enum.IsDefined(options.LeadSet))
            throw new ArgumentOutOfRangeException(nameof(options), options.LeadSet, "LeadSet must be Twelve, Six, Four, Three or Two");
        LeadSet = options.LeadSet;
        _kept = EcgLeadSets.KeptMask(options.LeadSet);
    }

    private protected override bool KeepsAnnotations => true;

    private protected override int OutputSampleCount(int inputSampleCount) => inputSampleCount;

    internal override EcgSignalMap CreateMap(int inputSampleCount)
    {
        var kept = _kept;
        return (input, output) => EcgLeadSets.Apply(input, output, kept);
    }
}
