namespace DBeta.MLNet;

/// <summary>The transformer of <see cref="EcgSignalEstimator"/>.</summary>
internal sealed class EcgLengthFittingTransformer : EcgSignalTransformer
{
    /// <summary>Samples per lead in the output.</summary>
    public int TargetLength { get; }

    /// <summary>Which samples survive cropping and where padding goes.</summary>
    public EcgLengthAnchor Anchor { get; }

    /// <summary>Leads in the vector.</summary>
    public int LeadCount => InputLeadCount;

    internal EcgLengthFittingTransformer(EcgCropOrPadOptions options)
        : base(options, options.LeadCount, options.LeadCount)
    {
        if (options.TargetLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetLength, "TargetLength must be positive");
        if (!Enum.IsDefined(options.Anchor))
            throw new ArgumentOutOfRangeException(nameof(options), options.Anchor, "Anchor must be Start or Center");
        TargetLength = options.TargetLength;
        Anchor = options.Anchor;
    }

    private protected override int OutputSampleCount(int inputSampleCount) => TargetLength;

    internal override EcgSignalMap CreateMap(int inputSampleCount)
    {
        int leads = LeadCount;
        var anchor = Anchor;
        return (input, output) => EcgLengthFitter.FitLeads(input, output, leads, anchor);
    }
}
