using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace DBeta.MLNet;

/// <summary>
/// A complex discrete Fourier transform of one length, numpy's conventions: <c>Forward</c> computes
/// <c>X[k] = sum_t x[t] exp(-2 pi i t k / n)</c> (unscaled), <c>Inverse</c> scales by <c>1/n</c>.
/// Plans are immutable and cached per length, so one instance serves every thread.
/// </summary>
internal abstract class ComplexFft
{
    private static readonly ConcurrentDictionary<int, ComplexFft> Plans = new();

    /// <summary>Largest prime factor handled by a direct butterfly; lengths with larger ones go through Bluestein.</summary>
    internal const int LargestDirectPrime = 61;

    /// <summary>Points per transform.</summary>
    public int Length { get; }

    /// <summary>Complex values of scratch a call needs (see the overloads that take scratch).</summary>
    public abstract int ScratchLength { get; }

    private protected ComplexFft(int length) => Length = length;

    /// <summary>The cached plan for <paramref name="length"/> (mixed radix, or Bluestein when a prime factor is large).</summary>
    public static ComplexFft ForLength(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return Plans.TryGetValue(length, out var plan) ? plan : Plans.GetOrAdd(length, Create);
    }

    private static ComplexFft Create(int length) =>
        LargestPrimeFactor(length) <= LargestDirectPrime ? new MixedRadixFft(length) : new BluesteinFft(length);

    /// <summary>In-place forward transform, scratch rented from the shared pool.</summary>
    public void Forward(Span<Complex> data) => WithScratch(data, inverse: false);

    /// <summary>In-place inverse transform scaled by <c>1/n</c> (numpy's <c>ifft</c>), scratch rented from the shared pool.</summary>
    public void Inverse(Span<Complex> data) => WithScratch(data, inverse: true);

    /// <summary>In-place forward transform using caller scratch of at least <see cref="ScratchLength"/> values.</summary>
    public void Forward(Span<Complex> data, Span<Complex> scratch)
    {
        CheckSpans(data, scratch);
        Transform(data, scratch);
    }

    /// <summary>In-place inverse transform scaled by <c>1/n</c>, using caller scratch of at least <see cref="ScratchLength"/> values.</summary>
    public void Inverse(Span<Complex> data, Span<Complex> scratch)
    {
        CheckSpans(data, scratch);
        // ifft(x) = conj(fft(conj(x))) / n: one plan serves both directions.
        Conjugate(data, 1.0);
        Transform(data, scratch);
        Conjugate(data, 1.0 / Length);
    }

    /// <summary>Unscaled forward transform of <paramref name="data"/> in place; spans are already checked.</summary>
    private protected abstract void Transform(Span<Complex> data, Span<Complex> scratch);

    private void WithScratch(Span<Complex> data, bool inverse)
    {
        Complex[] rented = ArrayPool<Complex>.Shared.Rent(Math.Max(1, ScratchLength));
        try
        {
            if (inverse) Inverse(data, rented);
            else Forward(data, rented);
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(rented);
        }
    }

    private void CheckSpans(Span<Complex> data, Span<Complex> scratch)
    {
        if (data.Length != Length)
            throw new ArgumentException($"expected {Length} values, got {data.Length}", nameof(data));
        if (scratch.Length < ScratchLength)
            throw new ArgumentException($"scratch holds {scratch.Length} values, the plan needs {ScratchLength}", nameof(scratch));
    }

    /// <summary>Replaces each value by its conjugate times <paramref name="scale"/>.</summary>
    internal static void Conjugate(Span<Complex> data, double scale)
    {
        for (int i = 0; i < data.Length; i++)
            data[i] = new Complex(data[i].Real * scale, -data[i].Imaginary * scale);
    }

    /// <summary><c>exp(-2 pi i numerator / denominator)</c>, with the numerator reduced first so the angle stays exact.</summary>
    internal static Complex Twiddle(long numerator, long denominator)
    {
        long r = numerator % denominator;
        if (r < 0) r += denominator;
        // Fold into [0, denominator/2] so the angle passed to SinCos is at most pi.
        bool upper = 2 * r > denominator;
        if (upper) r = denominator - r;
        (double sin, double cos) = Math.SinCos(2.0 * Math.PI * r / denominator);
        return new Complex(cos, upper ? sin : -sin);
    }

    internal static int LargestPrimeFactor(int n)
    {
        int largest = 1;
        for (int p = 2; (long)p * p <= n; p++)
            while (n % p == 0) { largest = p; n /= p; }
        return n > 1 ? Math.Max(largest, n) : largest;
    }
}
