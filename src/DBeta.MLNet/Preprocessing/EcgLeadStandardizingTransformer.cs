namespace DBeta.MLNet;

/// <summary>The transformer of <see cref="EcgSignalEstimator"/>.</summary>
internal sealed class EcgLeadStandardizingTransformer : EcgSignalTransformer
{
    /// <summary>Leads in the vector.</summary>
    public int LeadCount => InputLeadCount;

    /// <summary>Leads with a smaller standard deviation are only centred.</summary>
    public double MinimumStandardDeviation { get; }

    internal EcgLeadStandardizingTransformer(EcgLeadStandardizingOptions options)
        : base(options, options.LeadCount, options.LeadCount)
    {
        if (!(options.MinimumStandardDeviation >= 0 && double.IsFinite(options.MinimumStandardDeviation)))
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumStandardDeviation, "MinimumStandardDeviation must be zero or positive");
        MinimumStandardDeviation = options.MinimumStandardDeviation;
    }

    private protected override int OutputSampleCount(int inputSampleCount) => inputSampleCount;

    internal override EcgSignalMap CreateMap(int inputSampleCount)
    {
        int leads = LeadCount;
        double minimum = MinimumStandardDeviation;
        return (input, output) => EcgLeadStandardizer.Standardize(input, output, leads, minimum);
    }
}
