using System.Numerics;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class RealFftTests
{
    [TestMethod]
    [DataRow(1), DataRow(2), DataRow(9), DataRow(1000), DataRow(1001), DataRow(1009), DataRow(2500), DataRow(4096), DataRow(5000), DataRow(5120)]
    public void ForwardMatchesNumpyRfft(int n)
    {
        double[] input = NpyFixture.Load("preprocessing", $"rfft_{n}_input").Values;
        Complex[] expected = ComplexFftTests.ReadComplex($"rfft_{n}_output");
        var plan = RealFft.ForLength(n);
        Assert.AreEqual(expected.Length, plan.SpectrumLength);

        var spectrum = new Complex[plan.SpectrumLength];
        plan.Forward(input, spectrum);

        double error = ComplexFftTests.RelativeError(expected, spectrum);
        Console.WriteLine($"relative error {error:E2}");
        Assert.IsLessThanOrEqualTo(1e-12, error, $"n = {n}: relative error {error:E2}");
    }

    [TestMethod]
    [DataRow(1), DataRow(2), DataRow(9), DataRow(1000), DataRow(1001), DataRow(1009), DataRow(4096), DataRow(5120)]
    public void InverseOfForwardGivesTheSignalBack(int n)
    {
        double[] input = NpyFixture.Load("preprocessing", $"rfft_{n}_input").Values;
        var plan = RealFft.ForLength(n);
        var spectrum = new Complex[plan.SpectrumLength];
        var back = new double[n];

        plan.Forward(input, spectrum);
        plan.Inverse(spectrum, back);

        double diff = input.Zip(back, (a, b) => Math.Abs(a - b)).Max();
        Assert.IsLessThanOrEqualTo(1e-13 * input.Max(Math.Abs), diff, $"n = {n}");
    }

    [TestMethod]
    [DataRow(8), DataRow(9)]
    public void InverseIgnoresTheImaginaryPartOfDcAndEvenNyquistLikeNumpy(int n)
    {
        // numpy.fft.irfft([1+5j, 2-1j, 0.5+3j, -1+0.25j, 3+7j], n): for n = 8 bin 4 is the Nyquist bin; for n = 9 it is not.
        Complex[] spectrum = [new(1, 5), new(2, -1), new(0.5, 3), new(-1, 0.25), new(3, 7)];
        var plan = RealFft.ForLength(n);
        var actual = new double[n];
        plan.Inverse(spectrum, actual);

        // Direct evaluation of numpy's definition: real DC and Nyquist, Hermitian continuation of the other bins.
        for (int t = 0; t < n; t++)
        {
            double sum = spectrum[0].Real;
            for (int k = 1; k < spectrum.Length; k++)
            {
                var term = spectrum[k] * Complex.FromPolarCoordinates(1, 2 * Math.PI * k * t / n);
                sum += (n % 2 == 0 && k == n / 2) ? spectrum[k].Real * Math.Cos(Math.PI * t) : 2 * term.Real;
            }
            Assert.AreEqual(sum / n, actual[t], 1e-14, $"t = {t}");
        }
    }
}
