using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>The transformer of <see cref="EcgSignalEstimator"/> for <c>FilterEcg</c>: same length, same rate, each lead filtered on its own.</summary>
internal sealed class EcgFilteringTransformer : EcgSignalTransformer
{
    private readonly ConcurrentDictionary<double, NeuroKitEcgCleaner> _cleaners = new();

    /// <summary>The filter.</summary>
    public EcgFilterKind Kind { get; }

    /// <summary>Mains frequency of the powerline step in Hz.</summary>
    public double PowerlineFrequency { get; }

    /// <summary>High-pass cut-off in Hz.</summary>
    public double HighPassCutoff { get; }

    /// <summary>The sampling rate set in the options, or null to read the input column's <c>SampleRate</c> annotation.</summary>
    public double? SampleRate { get; }

    /// <summary>Leads in the vector.</summary>
    public int LeadCount => InputLeadCount;

    internal EcgFilteringTransformer(EcgFilteringOptions options)
        : base(options, options.LeadCount, options.LeadCount)
    {
        if (!Enum.IsDefined(options.Kind))
            throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "Kind must be NeuroKit");
        if (options.PowerlineFrequency is not (50 or 60))
            throw new ArgumentOutOfRangeException(nameof(options), options.PowerlineFrequency, "PowerlineFrequency must be 50 or 60 Hz");
        if (!(options.HighPassCutoff > 0) || !double.IsFinite(options.HighPassCutoff))
            throw new ArgumentOutOfRangeException(nameof(options), options.HighPassCutoff, "HighPassCutoff must be a positive number of Hz");
        if (options.SampleRate is double rate && (!(rate > 0) || !double.IsFinite(rate)))
            throw new ArgumentOutOfRangeException(nameof(options), rate, "SampleRate must be the input's sampling rate in Hz (a positive number), or null to read the column's SampleRate annotation");
        if (options.SampleRate is double known && !(options.HighPassCutoff < known / 2))
            throw new ArgumentOutOfRangeException(nameof(options), options.HighPassCutoff, $"HighPassCutoff must lie below the Nyquist frequency, {known / 2} Hz");
        Kind = options.Kind;
        PowerlineFrequency = options.PowerlineFrequency;
        HighPassCutoff = options.HighPassCutoff;
        SampleRate = options.SampleRate;
    }

    private protected override bool KeepsAnnotations => true;

    private protected override int OutputSampleCount(int inputSampleCount) => OutputSampleCount(inputSampleCount, Cleaner(SampleRate ?? throw NoRate()));

    private protected override int OutputSampleCount(int inputSampleCount, DataViewSchema.Column inputColumn) =>
        OutputSampleCount(inputSampleCount, Cleaner(RateOf(inputColumn)));

    private static int OutputSampleCount(int inputSampleCount, NeuroKitEcgCleaner cleaner) =>
        cleaner.LengthProblem(inputSampleCount) is { } problem ? throw new ArgumentOutOfRangeException(paramName: null, problem) : inputSampleCount;

    internal override EcgSignalMap CreateMap(int inputSampleCount) => Map(Cleaner(SampleRate ?? throw NoRate()));

    internal override EcgSignalMap CreateMap(EcgSignalBinding binding) => Map(Cleaner(RateOf(binding.InputSchema[binding.SourceColumnIndex])));

    private EcgSignalMap Map(NeuroKitEcgCleaner cleaner)
    {
        int leads = LeadCount;
        return (input, output) => cleaner.CleanLeads(input, output, leads);
    }

    /// <summary>The sampling rate: the options' if set, else the column's <c>SampleRate</c> annotation.</summary>
    private double RateOf(DataViewSchema.Column column)
    {
        if (SampleRate is double rate) return rate;
        if (column.Annotations.Schema.GetColumnOrNull(DBetaColumnNames.SampleRateAnnotation) is { } annotation && annotation.Type == NumberDataViewType.Double)
        {
            double value = 0;
            column.Annotations.GetValue(annotation.Name, ref value);
            if (value > 0 && double.IsFinite(value)) return value;
            throw new ArgumentOutOfRangeException(paramName: null, $"its '{DBetaColumnNames.SampleRateAnnotation}' annotation is {value}, not a sampling rate; set EcgFilteringOptions.SampleRate");
        }
        throw NoRate();
    }

    private ArgumentOutOfRangeException NoRate() => new(paramName: null,
        $"the filter needs the sampling rate and the column has no '{DBetaColumnNames.SampleRateAnnotation}' annotation (a Double): set EcgFilteringOptions.SampleRate (sampleRate:)");

    private NeuroKitEcgCleaner Cleaner(double rate)
    {
        if (!(HighPassCutoff < rate / 2))
            throw new ArgumentOutOfRangeException(paramName: null, $"the high-pass cut-off {HighPassCutoff} Hz is not below the Nyquist frequency of {rate} Hz");
        return _cleaners.GetOrAdd(rate, r => new NeuroKitEcgCleaner(r, HighPassCutoff, PowerlineFrequency));
    }
}
