
namespace DBeta.MLNet;

/// <summary>
/// Turns an <see cref="EcgRecord"/> into the lead-major <c>[12, TargetLength]</c> array the D-BETA encoder reads:
/// FFT resampling to the target rate (<c>round(T * targetRate / sourceRate)</c> samples, none at equal rates),
/// optional per-lead standardisation, then cropping or zero-padding to the target length. Immutable and thread-safe.
/// </summary>
/// <example>CODE: 4096 samples at 400 Hz resample to 5120 at 500 Hz, of which the first 5000 are kept.</example>
internal sealed class EcgPreprocessor
{
    /// <summary>The options, validated.</summary>
    public EcgPreprocessingOptions Options { get; }

    /// <summary>Leads in every output (12).</summary>
    public int LeadCount => DBetaConfig.LeadCount;

    /// <summary>Floats per output record, <c>LeadCount * TargetLength</c>.</summary>
    public int OutputLength => LeadCount * Options.TargetLength;

    /// <summary>Creates the preprocessor; <c>null</c> options mean D-BETA's defaults.</summary>
    public EcgPreprocessor(EcgPreprocessingOptions? options = null)
    {
        options ??= EcgPreprocessingOptions.DBeta;
        if (options.SourceRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw new ArgumentOutOfRangeException(nameof(options), rate, "SourceRate must be a positive number of Hz");
        if (!(options.TargetRate > 0 && double.IsFinite(options.TargetRate)))
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetRate, "TargetRate must be a positive number of Hz");
        if (options.TargetLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.TargetLength, "TargetLength must be positive");
        if (!(options.MinimumStandardDeviation >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumStandardDeviation, "MinimumStandardDeviation must be zero or positive");
        Options = options;
    }

    /// <summary>Samples per lead after resampling <paramref name="record"/>, before the length is fitted.</summary>
    public int ResampledLength(EcgRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return FftResampler.ResampledLength(record.SampleCount, Options.SourceRate ?? record.SampleRate, Options.TargetRate);
    }

    /// <summary>Preprocesses <paramref name="record"/> into a new array of <see cref="OutputLength"/> floats.</summary>
    /// <param name="record">A 12-lead record in <see cref="EcgLeads.Standard"/> order.</param>
    /// <param name="sourcePath">The file the record came from, named in errors (the record's id is named either way).</param>
    /// <exception cref="EcgDataException">The record is not 12 leads, is empty, or holds NaN or infinite samples.</exception>
    public float[] Process(EcgRecord record, string? sourcePath = null)
    {
        var output = new float[OutputLength];
        Process(record, output, sourcePath);
        return output;
    }

    /// <summary>Preprocesses <paramref name="record"/> into <paramref name="destination"/> (<see cref="OutputLength"/> floats).</summary>
    /// <exception cref="EcgDataException">The record is not 12 leads, is empty, or holds NaN or infinite samples.</exception>
    public void Process(EcgRecord record, Span<float> destination, string? sourcePath = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (destination.Length != OutputLength)
            throw new ArgumentException($"expected a destination of {OutputLength} floats, got {destination.Length}", nameof(destination));
        if (record.LeadCount != LeadCount)
            throw Fail(record, sourcePath, $"has {record.LeadCount} leads, D-BETA needs {LeadCount}");
        if (record.SampleCount == 0)
            throw Fail(record, sourcePath, "has no samples");
        if (EcgSampleCheck.FindNonFinite(record.Samples, LeadCount) is { } problem)
            throw Fail(record, sourcePath, problem);

        int resampled;
        try { resampled = ResampledLength(record); }
        catch (ArgumentOutOfRangeException e) { throw Fail(record, sourcePath, e.Message); }
        if (resampled == 0)
            throw Fail(record, sourcePath, $"{record.SampleCount} samples at {Options.SourceRate ?? record.SampleRate} Hz leave none at {Options.TargetRate} Hz");

        ReadOnlySpan<float> signal = record.Samples;
        float[]? work = null;
        if (resampled != record.SampleCount || Options.Standardize)
        {
            work = new float[LeadCount * resampled];
            if (resampled != record.SampleCount)
                new FftResampler(record.SampleCount, resampled).ResampleLeads(record.Samples, work, LeadCount);
            else
                record.Samples.CopyTo(work, 0);
            if (Options.Standardize)
                EcgLeadStandardizer.Standardize(work, work, LeadCount, Options.MinimumStandardDeviation);
            signal = work;
        }
        EcgLengthFitter.FitLeads(signal, destination, LeadCount, Options.Anchor);
    }

    private static EcgDataException Fail(EcgRecord record, string? sourcePath, string problem) =>
        sourcePath is null
            ? new EcgDataException($"ECG record '{record.Id}'", problem)
            : new EcgDataException(sourcePath, problem, record.Id);
}
