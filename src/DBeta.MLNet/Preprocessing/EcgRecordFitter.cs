using System.Buffers;
using System.Collections.Concurrent;

namespace DBeta.MLNet;

/// <summary>
/// Brings one lead-major record of any rate and length to the size an <see cref="EcgFitOptions"/> asks for: resampled
/// as <c>PrepareEcgForDBeta</c> resamples (the same <see cref="FftResampler"/>, so the numbers are the same bits),
/// then cropped or padded by <see cref="EcgLengthFitter"/>. Resampler plans are cached per length pair and shared
/// between threads.
/// </summary>
internal sealed class EcgRecordFitter
{
    private readonly EcgFitOptions _options;
    private readonly ConcurrentDictionary<(int, int), FftResampler> _resamplers = new();

    public EcgRecordFitter(EcgFitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new EcgFitOptions { SampleRate = options.SampleRate, SampleCount = options.SampleCount, Anchor = options.Anchor };
    }

    /// <summary>Output samples per lead.</summary>
    public int SampleCount => _options.SampleCount;

    /// <summary>Output sampling rate in Hz.</summary>
    public double SampleRate => _options.SampleRate;

    /// <summary>Samples per lead a record of <paramref name="sampleCount"/> at <paramref name="sampleRate"/> Hz has after resampling, before cropping or padding.</summary>
    public int ResampledLength(int sampleCount, double sampleRate) =>
        sampleRate == _options.SampleRate ? sampleCount : FftResampler.ResampledLength(sampleCount, sampleRate, _options.SampleRate);

    /// <summary>
    /// <paramref name="record"/> (<c>[leadCount, T]</c> at <paramref name="sampleRate"/> Hz) resampled to the fit's
    /// rate, all of it (<c>[leadCount, ResampledLength(T, rate)]</c>): what <see cref="Fit"/> crops, and what windows are cut from.
    /// </summary>
    public float[] Resample(ReadOnlySpan<float> record, double sampleRate, int leadCount)
    {
        int length = record.Length / leadCount;
        int resampled = ResampledLength(length, sampleRate);
        var output = new float[checked(leadCount * resampled)];
        if (resampled == length) record.CopyTo(output);
        else ResamplerFor(length, resampled).ResampleLeads(record, output, leadCount);
        return output;
    }

    /// <summary>
    /// Fits <paramref name="record"/> (<c>[leadCount, T]</c>, <c>T = record.Length / leadCount</c>, sampled at
    /// <paramref name="sampleRate"/> Hz) into <paramref name="output"/> (<c>[leadCount, SampleCount]</c>).
    /// </summary>
    public void Fit(ReadOnlySpan<float> record, double sampleRate, int leadCount, Span<float> output)
    {
        int length = record.Length / leadCount;
        int resampled = ResampledLength(length, sampleRate);
        if (resampled == length)
        {
            EcgLengthFitter.FitLeads(record, output, leadCount, _options.Anchor);
            return;
        }
        // Called per record: the resampled record (hundreds of kB, large-object heap) is rented, not allocated.
        int count = checked(leadCount * resampled);
        var buffer = ArrayPool<float>.Shared.Rent(count);
        try
        {
            ResamplerFor(length, resampled).ResampleLeads(record, buffer.AsSpan(0, count), leadCount);
            EcgLengthFitter.FitLeads(buffer.AsSpan(0, count), output, leadCount, _options.Anchor);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private FftResampler ResamplerFor(int inputLength, int outputLength) =>
        _resamplers.GetOrAdd((inputLength, outputLength), static key => new FftResampler(key.Item1, key.Item2));
}
