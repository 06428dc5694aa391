using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DBeta.MLNet;

/// <summary>
/// Fourier-method resampling of one length to another, the same numbers as <c>scipy.signal.resample(x, num)</c>
/// (SciPy 1.10, no window): the signal is taken as periodic, its real spectrum is cut or zero-padded to
/// <c>num / 2 + 1</c> bins and inverted, and the result scaled by <c>num / n</c>. When the shorter of the two
/// lengths is even, its Nyquist bin is doubled on down-sampling and halved on up-sampling, as SciPy does.
/// Equal lengths copy the input (SciPy's FFT round trip returns it up to rounding).
/// Computed in double; an instance is immutable and safe to share between threads.
/// </summary>
internal sealed class FftResampler
{
    private readonly RealFft _forward;
    private readonly RealFft _inverse;
    private readonly int _bins;          // bins of the larger half spectrum
    private readonly int _kept;          // bins copied from the input spectrum
    private readonly int _nyquistBin;    // -1, or the bin SciPy rescales
    private readonly double _nyquistScale;
    private readonly double _scale;

    /// <summary>Samples per input signal.</summary>
    public int InputLength { get; }

    /// <summary>Samples per output signal.</summary>
    public int OutputLength { get; }

    /// <summary>Creates a resampler from <paramref name="inputLength"/> to <paramref name="outputLength"/> samples; FFT plans are cached per length.</summary>
    public FftResampler(int inputLength, int outputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputLength);
        InputLength = inputLength;
        OutputLength = outputLength;
        _forward = RealFft.ForLength(inputLength);
        _inverse = RealFft.ForLength(outputLength);
        _bins = Math.Max(_forward.SpectrumLength, _inverse.SpectrumLength);
        int shorter = Math.Min(inputLength, outputLength);
        _kept = shorter / 2 + 1;
        _nyquistBin = shorter % 2 == 0 && inputLength != outputLength ? shorter / 2 : -1;
        _nyquistScale = outputLength < inputLength ? 2.0 : 0.5;
        _scale = (double)outputLength / inputLength;
    }

    /// <summary>
    /// The output length D-BETA's rule gives: <c>round(sampleCount * targetRate / sourceRate)</c>, half to even like
    /// Python's <c>round</c> (CODE: 4096 samples at 400 Hz give 5120 at 500 Hz).
    /// </summary>
    public static int ResampledLength(int sampleCount, double sourceRate, double targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sampleCount);
        if (!(sourceRate > 0) || double.IsInfinity(sourceRate)) throw new ArgumentOutOfRangeException(nameof(sourceRate), sourceRate, "sampling rate must be a positive finite number of Hz");
        if (!(targetRate > 0) || double.IsInfinity(targetRate)) throw new ArgumentOutOfRangeException(nameof(targetRate), targetRate, "sampling rate must be a positive finite number of Hz");
        double exact = sampleCount * targetRate / sourceRate;
        if (exact > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(sampleCount), sampleCount, $"resampling to {targetRate} Hz gives more than {int.MaxValue} samples");
        return (int)Math.Round(exact, MidpointRounding.ToEven);
    }

    /// <summary>Resamples one signal of <see cref="InputLength"/> samples into <see cref="OutputLength"/> samples.</summary>
    public void Resample(ReadOnlySpan<float> input, Span<float> output) => ResampleLeads(input, output, 1);

    /// <summary>Resamples one signal in double precision.</summary>
    public void Resample(ReadOnlySpan<double> input, Span<double> output)
    {
        CheckLengths(input.Length, output.Length, 1);
        Rent(out Complex[] spectrum, out Complex[] scratch);
        try { Core(input, output, spectrum, scratch); }
        finally { Return(spectrum, scratch); }
    }

    /// <summary>
    /// Resamples <paramref name="leadCount"/> signals stored one after another (lead-major,
    /// <c>[lead, time]</c>) from <see cref="InputLength"/> to <see cref="OutputLength"/> samples each.
    /// </summary>
    public void ResampleLeads(ReadOnlySpan<float> input, Span<float> output, int leadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadCount);
        CheckLengths(input.Length, output.Length, leadCount);
        Rent(out Complex[] spectrum, out Complex[] scratch);
        try
        {
            for (int lead = 0; lead < leadCount; lead++)
                Core(input.Slice(lead * InputLength, InputLength), output.Slice(lead * OutputLength, OutputLength), spectrum, scratch);
        }
        finally { Return(spectrum, scratch); }
    }

    private void Core<T>(ReadOnlySpan<T> input, Span<T> output, Complex[] spectrum, Complex[] scratch)
        where T : unmanaged, INumberBase<T>
    {
        if (InputLength == OutputLength)
        {
            input.CopyTo(output);
            return;
        }
        var bins = spectrum.AsSpan(0, _bins);
        if (typeof(T) == typeof(float))
            _forward.Forward(MemoryMarshal.Cast<T, float>(input), bins[.._forward.SpectrumLength], scratch);
        else
            _forward.Forward(MemoryMarshal.Cast<T, double>(input), bins[.._forward.SpectrumLength], scratch);
        // Keep the lowest bins (up to the shorter signal's Nyquist), zero the rest.
        bins[_kept..].Clear();
        if (_nyquistBin >= 0) bins[_nyquistBin] *= _nyquistScale;
        if (typeof(T) == typeof(float))
            _inverse.Inverse(bins[.._inverse.SpectrumLength], MemoryMarshal.Cast<T, float>(output), scratch, _scale);
        else
            _inverse.Inverse(bins[.._inverse.SpectrumLength], MemoryMarshal.Cast<T, double>(output), scratch, _scale);
    }

    private void CheckLengths(int input, int output, int leadCount)
    {
        if (input != (long)leadCount * InputLength)
            throw new ArgumentException($"expected {(long)leadCount * InputLength} input samples ({leadCount} x {InputLength}), got {input}", nameof(input));
        if (output != (long)leadCount * OutputLength)
            throw new ArgumentException($"expected {(long)leadCount * OutputLength} output samples ({leadCount} x {OutputLength}), got {output}", nameof(output));
    }

    private void Rent(out Complex[] spectrum, out Complex[] scratch)
    {
        spectrum = ArrayPool<Complex>.Shared.Rent(_bins);
        scratch = ArrayPool<Complex>.Shared.Rent(Math.Max(_forward.ScratchLength, _inverse.ScratchLength));
    }

    private static void Return(Complex[] spectrum, Complex[] scratch)
    {
        ArrayPool<Complex>.Shared.Return(spectrum);
        ArrayPool<Complex>.Shared.Return(scratch);
    }
}
