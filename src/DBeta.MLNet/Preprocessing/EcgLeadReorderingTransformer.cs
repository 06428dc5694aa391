namespace DBeta.MLNet;

/// <summary>The transformer of <see cref="EcgSignalEstimator"/>.</summary>
internal sealed class EcgLeadReorderingTransformer : EcgSignalTransformer
{
    /// <summary>Which input lead feeds each output lead.</summary>
    public EcgLeadOrder Order { get; }

    internal EcgLeadReorderingTransformer(EcgLeadReorderingOptions options)
        : this(options, MakeOrder(options)) { }

    private EcgLeadReorderingTransformer(EcgLeadReorderingOptions options, EcgLeadOrder order)
        : base(options, order.SourceLeadCount, order.LeadCount) => Order = order;

    private static EcgLeadOrder MakeOrder(EcgLeadReorderingOptions options)
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
