using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace DBeta.MLNet;

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
    public void Forward(ReadOnlySpan<double> input, Span<Complex> spectrum, Span<Complex> scratch) => ForwardCore(input, spectrum, scratch);

    /// <summary><c>numpy.fft.rfft(input)</c> of float samples (widened to double), caller scratch.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<Complex> spectrum, Span<Complex> scratch) => ForwardCore(input, spectrum, scratch);

    /// <summary><c>scale * numpy.fft.irfft(spectrum, Length)</c> using caller scratch of at least <see cref="ScratchLength"/> values.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<double> output, Span<Complex> scratch, double scale = 1.0) =>
        InverseCore(spectrum, output, scratch, scale);

    /// <summary><c>scale * numpy.fft.irfft(spectrum, Length)</c> rounded to float, caller scratch.</summary>
    public void Inverse(ReadOnlySpan<Complex> spectrum, Span<float> output, Span<Complex> scratch, double scale = 1.0) =>
        InverseCore(spectrum, output, scratch, scale);

    private void ForwardCore<T>(ReadOnlySpan<T> input, Span<Complex> spectrum, Span<Complex> scratch)
        where T : unmanaged, INumberBase<T>
    {
        Check(input.Length, spectrum.Length, scratch.Length);
        int h = _complex.Length;
        var z = scratch[..h];
        var inner = scratch[h..];
        if (Length % 2 == 1)
        {
            for (int t = 0; t < Length; t++) z[t] = new Complex(double.CreateTruncating(input[t]), 0);
            _complex.Forward(z, inner);
            z[..SpectrumLength].CopyTo(spectrum);
            return;
        }

        // Even n: z[t] = x[2t] + i x[2t+1] carries the even (E) and odd (O) samples; X[k] = E[k] + w^k O[k].
        for (int t = 0; t < h; t++) z[t] = new Complex(double.CreateTruncating(input[2 * t]), double.CreateTruncating(input[2 * t + 1]));
        _complex.Forward(z, inner);
        for (int k = 0; k <= h; k++)
        {
            Complex zk = z[k == h ? 0 : k];
            Complex zc = z[k == 0 ? 0 : h - k];
            // E = (zk + conj zc) / 2, O = -i (zk - conj zc) / 2
            double er = 0.5 * (zk.Real + zc.Real), ei = 0.5 * (zk.Imaginary - zc.Imaginary);
            double or = 0.5 * (zk.Imaginary + zc.Imaginary), oi = -0.5 * (zk.Real - zc.Real);
            Complex w = _split[k];
            spectrum[k] = new Complex(er + w.Real * or - w.Imaginary * oi, ei + w.Real * oi + w.Imaginary * or);
        }
    }

    private void InverseCore<T>(ReadOnlySpan<Complex> spectrum, Span<T> output, Span<Complex> scratch, double scale)
        where T : unmanaged, INumberBase<T>
    {
        Check(output.Length, spectrum.Length, scratch.Length);
        int h = _complex.Length;
        var z = scratch[..h];
        var inner = scratch[h..];
        // The inverse runs as a forward transform of the conjugate: ifft(v) = conj(fft(conj v)) / n.
        if (Length % 2 == 1)
        {
            // Rebuild the Hermitian full spectrum (conjugated); the DC bin's imaginary part is dropped like numpy does.
            z[0] = new Complex(spectrum[0].Real, 0);
            for (int k = 1; k < SpectrumLength; k++)
            {
                z[k] = Complex.Conjugate(spectrum[k]);
                z[Length - k] = spectrum[k];
            }
            _complex.Forward(z, inner);
            double s = scale / Length;
            for (int t = 0; t < Length; t++) output[t] = T.CreateTruncating(z[t].Real * s);
            return;
        }

        // Even n: E[k] = (X[k] + conj X[h-k]) / 2, O[k] = (X[k] - conj X[h-k]) w^-k / 2, z = ifft_h(E + i O).
        for (int k = 0; k < h; k++)
        {
            Complex xk = k == 0 ? new Complex(spectrum[0].Real, 0) : spectrum[k];
            Complex xc = k == 0 ? new Complex(spectrum[h].Real, 0) : Complex.Conjugate(spectrum[h - k]);
            Complex even = 0.5 * (xk + xc);
            Complex odd = 0.5 * (xk - xc) * Complex.Conjugate(_split[k]);
            // conj(E + i O)
            z[k] = new Complex(even.Real - odd.Imaginary, -(even.Imaginary + odd.Real));
        }
        _complex.Forward(z, inner);
        double scaleH = scale / h;
        for (int t = 0; t < h; t++)
        {
            output[2 * t] = T.CreateTruncating(z[t].Real * scaleH);
            output[2 * t + 1] = T.CreateTruncating(-z[t].Imaginary * scaleH);
        }
    }

    private void Check(int samples, int bins, int scratch)
    {
        if (samples != Length) throw new ArgumentException($"expected {Length} samples, got {samples}");
        if (bins != SpectrumLength) throw new ArgumentException($"expected {SpectrumLength} bins, got {bins}");
        if (scratch < ScratchLength) throw new ArgumentException($"scratch holds {scratch} values, the plan needs {ScratchLength}");
    }
}
