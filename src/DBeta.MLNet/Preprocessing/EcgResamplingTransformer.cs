namespace DBeta.MLNet;

/// <summary>The transformer of <see cref="EcgSignalEstimator"/>; equal input and output lengths copy the samples bit for bit.</summary>
internal sealed class EcgResamplingTransformer : EcgSignalTransformer
{
    /// <summary>Sampling rate of the input in Hz.</summary>
    public double SourceRate { get; }

    /// <summary>Sampling rate of the output in Hz.</summary>
    public double TargetRate { get; }

    /// <summary>Leads in the vector.</summary>
    public int LeadCount => InputLeadCount;

    internal EcgResamplingTransformer(EcgResamplingOptions options)
        : base(options, options.LeadCount, options.LeadCount)
    {
        if (!(options.SourceRate > 0 && double.IsFinite(options.SourceRate)))
            throw new ArgumentOutOfRangeException(nameof(options), options.SourceRate, "SourceRate must be the input's sampling rate in Hz (a positive number)");
        if (!(options.TargetRate > 0 && double.IsFinite(options.TargetRate)))
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetRate, "TargetRate must be a positive number of Hz");
        SourceRate = options.SourceRate;
        TargetRate = options.TargetRate;
    }

    private protected override int OutputSampleCount(int inputSampleCount)
    {
        int count = FftResampler.ResampledLength(inputSampleCount, SourceRate, TargetRate);
        if (count == 0)
            throw new ArgumentOutOfRangeException(paramName: null, $"resampling from {SourceRate} Hz to {TargetRate} Hz leaves no samples");
        return count;
    }

    internal override EcgSignalMap CreateMap(int inputSampleCount)
    {
        int outputSampleCount = OutputSampleCount(inputSampleCount);
        if (outputSampleCount == inputSampleCount) return static (input, output) => input.CopyTo(output);
        var resampler = new FftResampler(inputSampleCount, outputSampleCount);
        int leads = LeadCount;
        return (input, output) => resampler.ResampleLeads(input, output, leads);
    }
}
