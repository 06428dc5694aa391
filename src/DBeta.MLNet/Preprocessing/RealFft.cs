using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace DBeta.MLNet.Preprocessing;

/// <summary>
/// Real-input FFT of one length with numpy's <c>rfft</c>/<c>irfft</c> semantics: <c>n / 2 + 1</c> bins, the
/// inverse scaled by <c>1/n</c> and ignoring the imaginary parts of the DC bin and (even <c>n</c>) the Nyquist bin.
/// Even lengths run as a complex FFT of half the length; odd lengths as a full complex FFT.
/// Plans are immutable and cached per length.
/// </summary>
internal sealed class RealFft
{
    private static readonly ConcurrentDictionary<int, RealFft> Plans = new();

    private readonly ComplexFft _complex;
    private readonly Complex[] _split;  // even n: exp(-2 pi i k / n), k <= n / 2

    /// <summary>Real samples per transform.</summary>
    public int Length { get; }

    /// <summary>Bins of the half spectrum, <c>Length / 2 + 1</c>.</summary>
    public int SpectrumLength => Length / 2 + 1;

    /// <summary>Complex values of scratch a call needs.</summary>
    public int ScratchLength => _complex.Length + _complex.ScratchLength;

    private RealFft(int length)
    {
        Length = length;
        bool even = length % 2 == 0;
        _complex = ComplexFft.ForLength(even ? length / 2 : length);
        _split = even ? new Complex[length / 2 + 1] : [];
        for (int k = 0; k < _split.Length; k++) _split[k] = ComplexFft.Twiddle(k, length);
    }

    /// <summary>The cached plan for <paramref name="length"/>.</summary>
    public static RealFft ForLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return Plans.TryGetValue(length, out var plan) ? plan : Plans.GetOrAdd(length, n => new RealFft(n));
    }

    /// <summary><c>numpy.fft.rfft(input)</c> into <paramref name="spectrum"/> (<see cref="SpectrumLength"/> bins), pooled scratch.</summary>
    public void Forward(ReadOnlySpan<double> input, Span<Complex> spectrum)
    {
        Complex[] scratch = ArrayPool<Complex>.Shared.Rent(ScratchLength);
        try { Forward(input, spectrum, scratch); }
        finally { ArrayPool<Complex>.Shared.Return(scratch); }
    }

    /// <summary><c>numpy.fft.irfft(spectrum, Length)</c> into <paramref name="output"/>, pooled scratch.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<double> output)
    {
        Complex[] scratch = ArrayPool<Complex>.Shared.Rent(ScratchLength);
        try { Inverse(spectrum, output, scratch); }
        finally { ArrayPool<Complex>.Shared.Return(scratch); }
    }

    /// <summary><c>numpy.fft.rfft(input)</c> using caller scratch of at least <see cref="ScratchLength"/> values.</summary>
    public void Forward(ReadOnlySpan<double> input, Span<Complex> spectrum, Span<Complex> scratch)
    {
        Check(input.Length, spectrum.Length, scratch.Length);
        int h = _complex.Length;
        var z = scratch[..h];
        var inner = scratch[h..];
        if (Length % 2 == 1)
        {
            for (int t = 0; t < Length; t++) z[t] = new Complex(input[t], 0);
            _complex.Forward(z, inner);
            z[..SpectrumLength].CopyTo(spectrum);
            return;
        }

        // Even n: z[t] = x[2t] + i x[2t+1] carries the even (E) and odd (O) samples; X[k] = E[k] + w^k O[k].
        for (int t = 0; t < h; t++) z[t] = new Complex(input[2 * t], input[2 * t + 1]);
        _complex.Forward(z, inner);
        for (int k = 0; k <= h; k++)
        {
            Complex zk = z[k == h ? 0 : k];
            Complex zc = Complex.Conjugate(z[k == 0 ? 0 : h - k]);
            Complex even = 0.5 * (zk + zc);
            Complex oddTimesI = 0.5 * (zk - zc);     // i O[k]
            Complex odd = new(oddTimesI.Imaginary, -oddTimesI.Real);
            spectrum[k] = even + _split[k] * odd;
        }
    }

    /// <summary><c>numpy.fft.irfft(spectrum, Length)</c> using caller scratch of at least <see cref="ScratchLength"/> values.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<double> output, Span<Complex> scratch)
    {
        Check(output.Length, spectrum.Length, scratch.Length);
        int h = _complex.Length;
        var z = scratch[..h];
        var inner = scratch[h..];
        if (Length % 2 == 1)
        {
            // Rebuild the Hermitian full spectrum; the DC bin's imaginary part is dropped like numpy does.
            z[0] = new Complex(spectrum[0].Real, 0);
            for (int k = 1; k < SpectrumLength; k++)
            {
                z[k] = spectrum[k];
                z[Length - k] = Complex.Conjugate(spectrum[k]);
            }
            _complex.Inverse(z, inner);
            for (int t = 0; t < Length; t++) output[t] = z[t].Real;
            return;
        }

        // Even n: E[k] = (X[k] + conj X[h-k]) / 2, O[k] = (X[k] - conj X[h-k]) w^-k / 2, z = ifft_h(E + i O).
        for (int k = 0; k < h; k++)
        {
            Complex xk = k == 0 ? new Complex(spectrum[0].Real, 0) : spectrum[k];
            Complex xc = k == 0 ? new Complex(spectrum[h].Real, 0) : Complex.Conjugate(spectrum[h - k]);
            Complex even = 0.5 * (xk + xc);
            Complex odd = 0.5 * (xk - xc) * Complex.Conjugate(_split[k]);
            z[k] = new Complex(even.Real - odd.Imaginary, even.Imaginary + odd.Real);
        }
        _complex.Inverse(z, inner);
        for (int t = 0; t < h; t++)
        {
            output[2 * t] = z[t].Real;
            output[2 * t + 1] = z[t].Imaginary;
        }
    }

    private void Check(int samples, int bins, int scratch)
    {
        if (samples != Length) throw new ArgumentException($"expected {Length} samples, got {samples}");
        if (bins != SpectrumLength) throw new ArgumentException($"expected {SpectrumLength} bins, got {bins}");
        if (scratch < ScratchLength) throw new ArgumentException($"scratch holds {scratch} values, the plan needs {ScratchLength}");
    }
}
