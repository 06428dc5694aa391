namespace DBeta.MLNet;

/// <summary>The fitted form of <see cref="EcgLeadReorderingEstimator"/>.</summary>
public sealed class EcgLeadReorderingTransformer : EcgSignalTransformer
{
    /// <summary>Which input lead feeds each output lead.</summary>
    public EcgLeadOrder Order { get; }

    internal EcgLeadReorderingTransformer(EcgLeadReorderingEstimator.Options options)
        : this(options, MakeOrder(options)) { }

    private EcgLeadReorderingTransformer(EcgLeadReorderingEstimator.Options options, EcgLeadOrder order)
        : base(options, order.SourceLeadCount, order.LeadCount) => Order = order;

    private static EcgLeadOrder MakeOrder(EcgLeadReorderingEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.SourceLeadNames is null) == (options.SourceIndices is null))
            throw new ArgumentException("set exactly one of SourceLeadNames and SourceIndices", nameof(options));
        if (options.SourceLeadNames is { } names) return EcgLeadOrder.FromNames(names);
        var indices = options.SourceIndices!;
        return new EcgLeadOrder(indices, options.InputLeadCount ?? indices.Count);
    }

    private protected override int OutputSampleCount(int inputSampleCount) => inputSampleCount;

    internal override EcgSignalMap CreateMap(int inputSampleCount)
    {
        var order = Order;
        return (input, output) => order.Apply(input, output);
    }
}
