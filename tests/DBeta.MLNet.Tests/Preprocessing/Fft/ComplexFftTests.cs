using System.Numerics;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class ComplexFftTests
{
    [TestMethod]
    [DataRow(1), DataRow(2), DataRow(3), DataRow(4), DataRow(5), DataRow(7), DataRow(11), DataRow(16), DataRow(60), DataRow(97)]
    [DataRow(999), DataRow(1000), DataRow(1009), DataRow(2500), DataRow(4096), DataRow(4097), DataRow(5120)]
    public void ForwardMatchesNumpy(int n)
    {
        Complex[] data = ReadComplex($"fft_{n}_input");
        Complex[] expected = ReadComplex($"fft_{n}_output");

        ComplexFft.ForLength(n).Forward(data);

        double error = RelativeError(expected, data);
        Console.WriteLine($"relative error {error:E2}");
        Assert.IsLessThanOrEqualTo(1e-12, error, $"n = {n} ({ComplexFft.ForLength(n).GetType().Name}): relative error {error:E2}");
    }

    [TestMethod]
    [DataRow(1009), DataRow(4096), DataRow(5120), DataRow(4097), DataRow(1001)]
    public void InverseUndoesForward(int n)
    {
        var random = new Random(n);
        var original = Enumerable.Range(0, n).Select(_ => new Complex(random.NextDouble() - 0.5, random.NextDouble() - 0.5)).ToArray();
        var data = (Complex[])original.Clone();
        var plan = ComplexFft.ForLength(n);

        plan.Forward(data);
        plan.Inverse(data);

        Assert.IsLessThanOrEqualTo(1e-13, RelativeError(original, data));
    }

    [TestMethod]
    public void PlansAreCachedAndChooseBluesteinOnlyForLargePrimeFactors()
    {
        Assert.AreSame(ComplexFft.ForLength(5120), ComplexFft.ForLength(5120));
        Assert.IsInstanceOfType<MixedRadixFft>(ComplexFft.ForLength(1001));   // 7 x 11 x 13
        Assert.IsInstanceOfType<MixedRadixFft>(ComplexFft.ForLength(999));    // 27 x 37
        Assert.IsInstanceOfType<BluesteinFft>(ComplexFft.ForLength(1009));    // prime
        Assert.AreEqual(2025, ((BluesteinFft)ComplexFft.ForLength(1009)).ConvolutionLength); // 3^4 x 5^2 >= 2017
        CollectionAssert.AreEqual(new[] { 4, 4, 4, 4, 4, 5 }, MixedRadixFft.Factor(5120));
    }

    [TestMethod]
    public void SharedPlanGivesTheSameAnswerOnManyThreads()
    {
        const int n = 2003; // Bluestein: exercises its shared kernel spectrum
        var plan = ComplexFft.ForLength(n);
        var input = Enumerable.Range(0, n).Select(i => new Complex(Math.Sin(i * 0.37), Math.Cos(i * 0.11))).ToArray();
        var expected = (Complex[])input.Clone();
        plan.Forward(expected);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var data = (Complex[])input.Clone();
            plan.Forward(data);
            for (int i = 0; i < n; i++)
                if (data[i] != expected[i]) throw new AssertFailedException($"bin {i} differs between threads");
        });
    }

    [TestMethod]
    public void WrongSizesAreRejected()
    {
        var plan = ComplexFft.ForLength(16);
        Assert.ThrowsExactly<ArgumentException>(() => plan.Forward(new Complex[15]));
        Assert.ThrowsExactly<ArgumentException>(() => plan.Forward(new Complex[16], new Complex[3]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ComplexFft.ForLength(0));
    }

    internal static Complex[] ReadComplex(string name)
    {
        var npy = NpyFixture.Load("preprocessing", name);
        var v = npy.Values;
        return Enumerable.Range(0, v.Length / 2).Select(i => new Complex(v[2 * i], v[2 * i + 1])).ToArray();
    }

    /// <summary>max |expected - actual| / max |expected|.</summary>
    internal static double RelativeError(ReadOnlySpan<Complex> expected, ReadOnlySpan<Complex> actual)
    {
        Assert.AreEqual(expected.Length, actual.Length);
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            diff = Math.Max(diff, Complex.Abs(expected[i] - actual[i]));
            scale = Math.Max(scale, Complex.Abs(expected[i]));
        }
        return diff / scale;
    }
}
