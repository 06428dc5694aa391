using System.Numerics;

namespace DBeta.MLNet;

/// <summary>
/// The digital Butterworth high-pass that <c>scipy.signal.butter(order, cutoff, btype="highpass", output="sos", fs=rate)</c>
/// designs (SciPy 1.10), built the same way: the analog prototype's poles <c>-exp(i pi m / 2N)</c>, m = -N+1, -N+3, ..., N-1,
/// moved to a high-pass at the pre-warped cut-off <c>4 tan(pi cutoff / rate)</c>, mapped by the bilinear transform
/// (<c>(4 + s) / (4 - s)</c>, all zeros to z = 1), and grouped into sections as <c>zpk2sos</c> groups them: for odd orders a
/// first-order section (the real pole, zeros at 1 and 0) first, then the conjugate pairs from the one farthest from the
/// unit circle to the nearest, the overall gain in the first section.
/// </summary>
internal static class ButterworthHighPass
{
    /// <summary>Sections of the high-pass of <paramref name="order"/> at <paramref name="cutoffHz"/> for signals sampled at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The order is not 1-20, or the cut-off is not between 0 and the Nyquist frequency.</exception>
    public static SecondOrderSections Design(int order, double cutoffHz, double sampleRate)
    {
        if (order is < 1 or > 20) throw new ArgumentOutOfRangeException(nameof(order), order, "the Butterworth order must be 1 to 20");
        if (!(sampleRate > 0) || !double.IsFinite(sampleRate))
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "the sampling rate must be a positive number of Hz");
        if (!(cutoffHz > 0 && cutoffHz < sampleRate / 2))
            throw new ArgumentOutOfRangeException(nameof(cutoffHz), cutoffHz, $"the cut-off must lie between 0 and the Nyquist frequency, {sampleRate / 2} Hz");

        // The cut-off as a fraction of Nyquist, pre-warped for the bilinear transform at SciPy's internal rate of 2.
        double normalized = 2 * cutoffHz / sampleRate;
        double warped = 4 * Math.Tan(Math.PI * normalized / 2);

        var prototype = new Complex[order];
        Complex product = Complex.One;
        for (int i = 0; i < order; i++)
        {
            int m = -order + 1 + 2 * i;
            prototype[i] = -Complex.Exp(new Complex(0, Math.PI * m / (2 * order)));
            product *= -prototype[i];
        }
        // High-pass: poles wo / p, zeros at s = 0, gain 1 / prod(-p); then the bilinear map of poles and gain.
        double gain = (Complex.One / product).Real;
        var poles = new Complex[order];
        Complex denominator = Complex.One;
        for (int i = 0; i < order; i++)
        {
            Complex analog = warped / prototype[i];
            poles[i] = (4 + analog) / (4 - analog);
            denominator *= 4 - analog;
        }
        gain *= (Math.Pow(4, order) / denominator).Real;

        int sectionCount = (order + 1) / 2;
        var coefficients = new double[sectionCount * 6];
        int section = 0;
        if (order % 2 == 1)
        {
            // (z - 1) z / ((z - p) z): the real pole (m = 0) with the zero at 1 and the zero-pole pair zpk2sos adds at 0.
            Set(coefficients, section++, 1, -1, 0, -poles[order / 2].Real, 0);
        }
        // Conjugate pairs by growing |m|: the poles with larger |m| lie nearer the unit circle and come last.
        for (int i = (order + 1) / 2; i < order; i++)
        {
            Complex p = poles[i];
            Set(coefficients, section++, 1, -2, 1, -2 * p.Real, p.Real * p.Real + p.Imaginary * p.Imaginary);
        }
        for (int j = 0; j < 3; j++) coefficients[j] *= gain;
        return new SecondOrderSections(coefficients);
    }

    private static void Set(double[] coefficients, int section, double b0, double b1, double b2, double a1, double a2)
    {
        var row = coefficients.AsSpan(section * 6, 6);
        row[0] = b0; row[1] = b1; row[2] = b2; row[3] = 1; row[4] = a1; row[5] = a2;
    }
}
