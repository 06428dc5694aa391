using System.Numerics;
using MathNet.Numerics.IntegralTransforms;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// <c>scipy.signal.resample(x, num)</c> three ways, for comparing the project's FFT with served libraries: the project's
/// <see cref="FftResampler"/> (mixed radix + Bluestein), MathNet.Numerics 5.0.0 (packed real FFTs, any length) and
/// FftSharp 2.2.0 (complex FFTs: radix 2 for powers of two, its Bluestein otherwise). All compute in double; the
/// spectrum is cut or zero-padded and the shorter even length's Nyquist bin rescaled as SciPy does.
/// </summary>
public abstract class FftResamplingMethod
{
    public static FftResamplingMethod[] All { get; } = [new Ours(), new MathNetReal(), new FftSharpComplex()];

    public abstract string Name { get; }

    /// <summary>Resamples one signal of <c>input.Length</c> samples into <c>output.Length</c> samples.</summary>
    public abstract void Resample(double[] input, double[] output);

    /// <summary>One ECG: <paramref name="leads"/> float signals stored lead after lead, as the pipeline holds them.</summary>
    public virtual void ResampleEcg(float[] input, float[] output, int leads)
    {
        int n = input.Length / leads, num = output.Length / leads;
        double[] x = new double[n], y = new double[num];
        for (int lead = 0; lead < leads; lead++)
        {
            for (int i = 0; i < n; i++) x[i] = input[lead * n + i];
            Resample(x, y);
            for (int i = 0; i < num; i++) output[lead * num + i] = (float)y[i];
        }
    }

    /// <summary>Bins kept from the input spectrum, the bin SciPy rescales (or -1) and by how much.</summary>
    protected static (int Kept, int NyquistBin, double NyquistScale) SpectrumCut(int n, int num)
    {
        int shorter = Math.Min(n, num);
        return (shorter / 2 + 1, shorter % 2 == 0 && n != num ? shorter / 2 : -1, num < n ? 2.0 : 0.5);
    }

    private sealed class Ours : FftResamplingMethod
    {
        public override string Name => "ours (FftResampler)";

        public override void Resample(double[] input, double[] output) => new FftResampler(input.Length, output.Length).Resample(input, output);

        // The pipeline's own path: float in, float out, one rented spectrum for all leads.
        public override void ResampleEcg(float[] input, float[] output, int leads) =>
            new FftResampler(input.Length / leads, output.Length / leads).ResampleLeads(input, output, leads);
    }

    private sealed class MathNetReal : FftResamplingMethod
    {
        public override string Name => "MathNet.Numerics 5.0.0";

        public override void Resample(double[] input, double[] output)
        {
            int n = input.Length, num = output.Length;
            if (n == num) { input.CopyTo(output, 0); return; }
            // Packed real layout: n + 2 doubles, (re, im) of bins 0 .. n/2.
            double[] spectrum = new double[Math.Max(n, num) + 2];
            input.CopyTo(spectrum, 0);
            Fourier.ForwardReal(spectrum, n, FourierOptions.NoScaling);
            var (kept, nyquist, scale) = SpectrumCut(n, num);
            Array.Clear(spectrum, 2 * kept, spectrum.Length - 2 * kept);
            if (nyquist >= 0) { spectrum[2 * nyquist] *= scale; spectrum[2 * nyquist + 1] *= scale; }
            Fourier.InverseReal(spectrum, num, FourierOptions.NoScaling);
            for (int i = 0; i < num; i++) output[i] = spectrum[i] / n;
        }
    }

    private sealed class FftSharpComplex : FftResamplingMethod
    {
        public override string Name => "FftSharp 2.2.0";

        public override void Resample(double[] input, double[] output)
        {
            int n = input.Length, num = output.Length;
            if (n == num) { input.CopyTo(output, 0); return; }
            Complex[] x = new Complex[n];
            for (int i = 0; i < n; i++) x[i] = input[i];
            Complex[] spectrum = Forward(x);
            var (kept, nyquist, scale) = SpectrumCut(n, num);
            // The full Hermitian spectrum of the output length; an even length's Nyquist bin is real (its real part, as irfft takes).
            Complex[] full = new Complex[num];
            for (int k = 0; k < kept && k <= num / 2; k++)
            {
                Complex bin = k == nyquist ? spectrum[k] * scale : spectrum[k];
                if (k == 0 || (num % 2 == 0 && k == num / 2)) bin = bin.Real;
                full[k] = bin;
                if (k > 0 && k < num - k) full[num - k] = Complex.Conjugate(bin);
            }
            Complex[] y = Inverse(full);
            for (int i = 0; i < num; i++) output[i] = y[i].Real / n;
        }

        private static bool IsPowerOfTwo(int n) => (n & (n - 1)) == 0;

        private static Complex[] Forward(Complex[] x)
        {
            if (IsPowerOfTwo(x.Length)) FftSharp.FFT.Forward(x);
            else FftSharp.Bluestein.Forward(x);
            return x;
        }

        // Unscaled inverse: the sum over bins (the caller divides by the input length, as scipy's num/n * 1/num).
        private static Complex[] Inverse(Complex[] spectrum)
        {
            // The forward transform of the conjugate, conjugated, is the unscaled inverse: conj(DFT(conj(X))).
            int num = spectrum.Length;
            for (int i = 0; i < num; i++) spectrum[i] = Complex.Conjugate(spectrum[i]);
            Forward(spectrum);
            for (int i = 0; i < num; i++) spectrum[i] = Complex.Conjugate(spectrum[i]);
            return spectrum;
        }
    }
}
