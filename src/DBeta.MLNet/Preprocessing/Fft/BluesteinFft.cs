using System.Numerics;

namespace DBeta.MLNet;

/// <summary>
/// Bluestein's chirp-z FFT for lengths with a large prime factor: with <c>t k = (t^2 + k^2 - (k - t)^2) / 2</c>
/// the DFT becomes a convolution with the chirp <c>exp(i pi m^2 / n)</c>, done by FFTs of a length
/// <c>M &gt;= 2n - 1</c> with only factors 2, 3 and 5.
/// </summary>
internal sealed class BluesteinFft : ComplexFft
{
    private readonly ComplexFft _convolution;
    private readonly Complex[] _chirp;           // exp(-i pi t^2 / n), t < n
    private readonly Complex[] _kernelSpectrum;  // FFT_M of conj(chirp) wrapped around, divided by M

    /// <summary>The convolution length M.</summary>
    public int ConvolutionLength => _convolution.Length;

    public override int ScratchLength => ConvolutionLength + _convolution.ScratchLength;

    public BluesteinFft(int length) : base(length)
    {
        int m = SmoothLengthAtLeast(2 * length - 1);
        _convolution = ForLength(m);

        _chirp = new Complex[length];
        long twiceN = 2L * length;
        for (int t = 0; t < length; t++)
            // exp(-i pi t^2 / n) = exp(-2 pi i (t^2 mod 2n) / 2n): reduce t^2 first so the angle stays exact.
            _chirp[t] = Twiddle((long)t * t % twiceN, twiceN);

        _kernelSpectrum = new Complex[m];
        _kernelSpectrum[0] = Complex.Conjugate(_chirp[0]);
        for (int t = 1; t < length; t++)
            _kernelSpectrum[t] = _kernelSpectrum[m - t] = Complex.Conjugate(_chirp[t]);
        _convolution.Forward(_kernelSpectrum);
        for (int i = 0; i < m; i++) _kernelSpectrum[i] /= m;
    }

    private protected override void Transform(Span<Complex> data, Span<Complex> scratch)
    {
        int m = ConvolutionLength;
        var work = scratch[..m];
        var inner = scratch[m..];
        for (int t = 0; t < Length; t++) work[t] = data[t] * _chirp[t];
        work[Length..].Clear();

        _convolution.Forward(work, inner);
        // Unscaled inverse (the 1/M is in the kernel) as conj(FFT(conj(.))), the inner conjugate fused with the product.
        for (int i = 0; i < m; i++) work[i] = Complex.Conjugate(work[i] * _kernelSpectrum[i]);
        _convolution.Forward(work, inner);

        for (int k = 0; k < Length; k++) data[k] = Complex.Conjugate(work[k]) * _chirp[k];
    }

    /// <summary>The smallest <c>2^a 3^b 5^c</c> at least <paramref name="n"/>.</summary>
    internal static int SmoothLengthAtLeast(int n)
    {
        long best = long.MaxValue;
        for (long p2 = 1; p2 < 2L * n; p2 *= 2)
            for (long p3 = p2; p3 < 2L * n; p3 *= 3)
                for (long p5 = p3; p5 < 2L * n; p5 *= 5)
                    if (p5 >= n && p5 < best) best = p5;
        if (best > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT length too large");
        return (int)best;
    }
}
