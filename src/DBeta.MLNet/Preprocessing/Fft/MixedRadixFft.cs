using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DBeta.MLNet;

/// <summary>
/// Self-sorting (Stockham) mixed-radix FFT: radix-4, 2, 3 and 5 butterflies, a direct butterfly for other small
/// primes, twiddles precomputed per stage. Each stage reads one buffer and writes the other, so no bit reversal.
/// </summary>
/// <remarks>
/// Stage s with radix p has done sub-transforms of length L over r = n / L interleaved subsequences; with
/// m = r / p, the value for frequency j + L q of subsequence k is
/// <c>sum_u w_p^(u q) * w_(L p)^(u j) * A[j r + u m + k]</c>, written at <c>(j + L q) m + k</c>.
/// </remarks>
internal sealed class MixedRadixFft : ComplexFft
{
    private readonly Stage[] _stages;

    public override int ScratchLength => Length;

    public MixedRadixFft(int length) : base(length)
    {
        var radices = Factor(length);
        _stages = new Stage[radices.Count];
        int span = 1;
        for (int s = 0; s < radices.Count; s++)
        {
            int p = radices[s];
            _stages[s] = new Stage(p, span, length / (span * p));
            span *= p;
        }
    }

    private protected override void Transform(Span<Complex> data, Span<Complex> scratch)
    {
        if (_stages.Length == 0) return;
        Span<Complex> source = data, target = scratch[..Length];
        foreach (var stage in _stages)
        {
            stage.Run(source, target);
            var swap = source; source = target; target = swap;
        }
        if (_stages.Length % 2 == 1) source.CopyTo(data);
    }

    /// <summary>Radices in the order the stages run: 4s first, then 2, 3, 5 and the other primes.</summary>
    internal static List<int> Factor(int n)
    {
        var radices = new List<int>();
        while (n % 4 == 0) { radices.Add(4); n /= 4; }
        foreach (int p in new[] { 2, 3, 5 })
            while (n % p == 0) { radices.Add(p); n /= p; }
        for (int p = 7; n > 1; p += 2)
        {
            while (n % p == 0) { radices.Add(p); n /= p; }
            if ((long)p * p > n && n > 1) { radices.Add(n); n = 1; }
        }
        return radices;
    }

    private sealed class Stage
    {
        private readonly int _radix, _span, _stride;
        private readonly Complex[] _twiddles;    // [j * (p - 1) + (u - 1)] = w_(L p)^(u j)
        private readonly double[] _cos, _sin;    // direct butterfly: cos / sin(2 pi i / p)

        public Stage(int radix, int span, int stride)
        {
            _radix = radix;
            _span = span;
            _stride = stride;
            _twiddles = new Complex[span * (radix - 1)];
            for (int j = 0; j < span; j++)
                for (int u = 1; u < radix; u++)
                    _twiddles[j * (radix - 1) + u - 1] = Twiddle((long)u * j, (long)span * radix);
            _cos = new double[radix];
            _sin = new double[radix];
            for (int i = 0; i < radix; i++)
            {
                var w = Twiddle(i, radix);
                _cos[i] = w.Real;
                _sin[i] = -w.Imaginary;
            }
        }

        public void Run(ReadOnlySpan<Complex> x, Span<Complex> y)
        {
            switch (_radix)
            {
                case 2: Radix2(x, y); break;
                case 3: Radix3(x, y); break;
                case 4: Radix4(x, y); break;
                case 5: Radix5(x, y); break;
                default: RadixOdd(x, y); break;
            }
        }

        // The butterflies index through refs: both buffers hold exactly n values (checked by ComplexFft), and each
        // stage touches j p m + u m + k < n and j m + q L m + k < n only; this removes the bounds checks of the hot loops.

        private void Radix2(ReadOnlySpan<Complex> x, Span<Complex> y)
        {
            int m = _stride, lm = _span * m;
            ref Complex xr = ref MemoryMarshal.GetReference(x);
            ref Complex yr = ref MemoryMarshal.GetReference(y);
            for (int j = 0; j < _span; j++)
            {
                ref Complex xs = ref Unsafe.Add(ref xr, j * 2 * m);
                ref Complex ys = ref Unsafe.Add(ref yr, j * m);
                if (j == 0)
                    for (int k = 0; k < m; k++) Butterfly2(ref xs, ref ys, k, m, lm, Complex.One, twiddled: false);
                else
                {
                    var w1 = _twiddles[j];
                    for (int k = 0; k < m; k++) Butterfly2(ref xs, ref ys, k, m, lm, w1, twiddled: true);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Butterfly2(ref Complex xs, ref Complex ys, int k, int m, int lm, Complex w1, bool twiddled)
        {
            Complex a0 = Unsafe.Add(ref xs, k), a1 = Unsafe.Add(ref xs, m + k);
            if (twiddled) a1 *= w1;
            Unsafe.Add(ref ys, k) = a0 + a1;
            Unsafe.Add(ref ys, lm + k) = a0 - a1;
        }

        private void Radix3(ReadOnlySpan<Complex> x, Span<Complex> y)
        {
            int m = _stride, lm = _span * m;
            ref Complex xr = ref MemoryMarshal.GetReference(x);
            ref Complex yr = ref MemoryMarshal.GetReference(y);
            for (int j = 0; j < _span; j++)
            {
                ref Complex xs = ref Unsafe.Add(ref xr, j * 3 * m);
                ref Complex ys = ref Unsafe.Add(ref yr, j * m);
                if (j == 0)
                    for (int k = 0; k < m; k++) Butterfly3(ref xs, ref ys, k, m, lm, Complex.One, Complex.One, twiddled: false);
                else
                {
                    var w1 = _twiddles[2 * j];
                    var w2 = _twiddles[2 * j + 1];
                    for (int k = 0; k < m; k++) Butterfly3(ref xs, ref ys, k, m, lm, w1, w2, twiddled: true);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Butterfly3(ref Complex xs, ref Complex ys, int k, int m, int lm, Complex w1, Complex w2, bool twiddled)
        {
            const double s3 = 0.86602540378443864676; // sin(2 pi / 3)
            Complex a0 = Unsafe.Add(ref xs, k), a1 = Unsafe.Add(ref xs, m + k), a2 = Unsafe.Add(ref xs, 2 * m + k);
            if (twiddled) { a1 *= w1; a2 *= w2; }
            var sum = a1 + a2;
            var diff = a1 - a2;
            var t = a0 - 0.5 * sum;
            var s = new Complex(s3 * diff.Imaginary, -s3 * diff.Real);   // -i s3 (a1 - a2)
            Unsafe.Add(ref ys, k) = a0 + sum;
            Unsafe.Add(ref ys, lm + k) = t + s;
            Unsafe.Add(ref ys, 2 * lm + k) = t - s;
        }

        private void Radix4(ReadOnlySpan<Complex> x, Span<Complex> y)
        {
            int m = _stride, lm = _span * m;
            ref Complex xr = ref MemoryMarshal.GetReference(x);
            ref Complex yr = ref MemoryMarshal.GetReference(y);
            for (int j = 0; j < _span; j++)
            {
                ref Complex xs = ref Unsafe.Add(ref xr, j * 4 * m);
                ref Complex ys = ref Unsafe.Add(ref yr, j * m);
                if (j == 0)
                    for (int k = 0; k < m; k++) Butterfly4(ref xs, ref ys, k, m, lm, Complex.One, Complex.One, Complex.One, twiddled: false);
                else
                {
                    var w1 = _twiddles[3 * j];
                    var w2 = _twiddles[3 * j + 1];
                    var w3 = _twiddles[3 * j + 2];
                    for (int k = 0; k < m; k++) Butterfly4(ref xs, ref ys, k, m, lm, w1, w2, w3, twiddled: true);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Butterfly4(ref Complex xs, ref Complex ys, int k, int m, int lm, Complex w1, Complex w2, Complex w3, bool twiddled)
        {
            Complex a0 = Unsafe.Add(ref xs, k), a1 = Unsafe.Add(ref xs, m + k), a2 = Unsafe.Add(ref xs, 2 * m + k), a3 = Unsafe.Add(ref xs, 3 * m + k);
            if (twiddled) { a1 *= w1; a2 *= w2; a3 *= w3; }
            var s02 = a0 + a2;
            var d02 = a0 - a2;
            var s13 = a1 + a3;
            var d13 = a1 - a3;
            var r = new Complex(d13.Imaginary, -d13.Real);   // -i (a1 - a3)
            Unsafe.Add(ref ys, k) = s02 + s13;
            Unsafe.Add(ref ys, lm + k) = d02 + r;
            Unsafe.Add(ref ys, 2 * lm + k) = s02 - s13;
            Unsafe.Add(ref ys, 3 * lm + k) = d02 - r;
        }

        private void Radix5(ReadOnlySpan<Complex> x, Span<Complex> y)
        {
            int m = _stride, lm = _span * m;
            ref Complex xr = ref MemoryMarshal.GetReference(x);
            ref Complex yr = ref MemoryMarshal.GetReference(y);
            for (int j = 0; j < _span; j++)
            {
                ref Complex xs = ref Unsafe.Add(ref xr, j * 5 * m);
                ref Complex ys = ref Unsafe.Add(ref yr, j * m);
                if (j == 0)
                    for (int k = 0; k < m; k++) Butterfly5(ref xs, ref ys, k, m, lm, Complex.One, Complex.One, Complex.One, Complex.One, twiddled: false);
                else
                {
                    var w1 = _twiddles[4 * j];
                    var w2 = _twiddles[4 * j + 1];
                    var w3 = _twiddles[4 * j + 2];
                    var w4 = _twiddles[4 * j + 3];
                    for (int k = 0; k < m; k++) Butterfly5(ref xs, ref ys, k, m, lm, w1, w2, w3, w4, twiddled: true);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Butterfly5(ref Complex xs, ref Complex ys, int k, int m, int lm,
            Complex w1, Complex w2, Complex w3, Complex w4, bool twiddled)
        {
            const double c1 = 0.30901699437494742410;  // cos(2 pi / 5)
            const double c2 = -0.80901699437494742410; // cos(4 pi / 5)
            const double s1 = 0.95105651629515357212;  // sin(2 pi / 5)
            const double s2 = 0.58778525229247312917;  // sin(4 pi / 5)
            Complex a0 = Unsafe.Add(ref xs, k), a1 = Unsafe.Add(ref xs, m + k), a2 = Unsafe.Add(ref xs, 2 * m + k),
                a3 = Unsafe.Add(ref xs, 3 * m + k), a4 = Unsafe.Add(ref xs, 4 * m + k);
            if (twiddled) { a1 *= w1; a2 *= w2; a3 *= w3; a4 *= w4; }
            var t1 = a1 + a4;
            var t2 = a2 + a3;
            var d1 = a1 - a4;
            var d2 = a2 - a3;
            var e1 = a0 + c1 * t1 + c2 * t2;
            var e2 = a0 + c2 * t1 + c1 * t2;
            var f1 = s1 * d1 + s2 * d2;   // b1 = e1 - i f1, b4 = e1 + i f1
            var f2 = s2 * d1 - s1 * d2;   // b2 = e2 - i f2, b3 = e2 + i f2
            var g1 = new Complex(f1.Imaginary, -f1.Real);
            var g2 = new Complex(f2.Imaginary, -f2.Real);
            Unsafe.Add(ref ys, k) = a0 + t1 + t2;
            Unsafe.Add(ref ys, lm + k) = e1 + g1;
            Unsafe.Add(ref ys, 2 * lm + k) = e2 + g2;
            Unsafe.Add(ref ys, 3 * lm + k) = e2 - g2;
            Unsafe.Add(ref ys, 4 * lm + k) = e1 - g1;
        }

        /// <summary>Direct butterfly for an odd prime p, pairing inputs u and p - u (half the multiplications).</summary>
        private void RadixOdd(ReadOnlySpan<Complex> x, Span<Complex> y)
        {
            int p = _radix, half = p / 2, m = _stride, lm = _span * m;
            Span<Complex> sums = stackalloc Complex[half + 1];
            Span<Complex> diffs = stackalloc Complex[half + 1];
            Span<Complex> a = stackalloc Complex[p];
            for (int j = 0; j < _span; j++)
            {
                var tw = _twiddles.AsSpan(j * (p - 1), p - 1);
                var xs = x.Slice(j * p * m, p * m);
                for (int k = 0; k < m; k++)
                {
                    a[0] = xs[k];
                    for (int u = 1; u < p; u++) a[u] = j == 0 ? xs[u * m + k] : xs[u * m + k] * tw[u - 1];
                    var total = a[0];
                    for (int u = 1; u <= half; u++)
                    {
                        sums[u] = a[u] + a[p - u];
                        diffs[u] = a[u] - a[p - u];
                        total += sums[u];
                    }
                    y[j * m + k] = total;
                    for (int q = 1; q <= half; q++)
                    {
                        // b_q = a0 + sum_u [cos(2 pi u q / p) s_u - i sin(2 pi u q / p) d_u]; b_(p-q) flips the sign of the sine part.
                        double er = a[0].Real, ei = a[0].Imaginary, fr = 0, fi = 0;
                        int uq = 0;
                        for (int u = 1; u <= half; u++)
                        {
                            uq += q;
                            if (uq >= p) uq -= p;
                            double c = _cos[uq], s = _sin[uq];
                            er += c * sums[u].Real;
                            ei += c * sums[u].Imaginary;
                            fr += s * diffs[u].Real;
                            fi += s * diffs[u].Imaginary;
                        }
                        // -i * (fr + i fi) = fi - i fr
                        y[j * m + q * lm + k] = new Complex(er + fi, ei - fr);
                        y[j * m + (p - q) * lm + k] = new Complex(er - fi, ei + fr);
                    }
                }
            }
        }
    }
}
