using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class FftResamplerTests
{
    public static IEnumerable<object[]> Cases =>
    [
        [4096, 5120], [1000, 5000], [5000, 5000], [999, 1500], [1001, 2003], [4097, 5121],
        [5000, 4096], [1001, 500], [1000, 999], [1000, 500], [6, 9], [8, 6], [7, 4], [1, 3],
    ];

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void FloatResamplingMatchesScipy(int inputLength, int outputLength)
    {
        var input = NpyFixture.Load("preprocessing", $"resample_{inputLength}_{outputLength}_input");
        var expected = NpyFixture.Load("preprocessing", $"resample_{inputLength}_{outputLength}_output");
        var resampler = new FftResampler(inputLength, outputLength);

        for (int lead = 0; lead < 2; lead++)
        {
            float[] x = input.Row(lead).Select(v => (float)v).ToArray();
            var y = new float[outputLength];
            resampler.Resample(x, y);
            double error = RelativeError(expected.Row(lead), y.Select(v => (double)v).ToArray());
            Console.WriteLine($"relative error {error:E2}");
            Assert.IsLessThanOrEqualTo(1e-5, error, $"{inputLength} -> {outputLength}, lead {lead}: {error:E2}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void DoubleResamplingMatchesScipyToRounding(int inputLength, int outputLength)
    {
        // In double the only difference left is rounding, so any mistake in the Nyquist handling would show.
        var input = NpyFixture.Load("preprocessing", $"resample_{inputLength}_{outputLength}_input");
        var expected = NpyFixture.Load("preprocessing", $"resample_{inputLength}_{outputLength}_output");
        var resampler = new FftResampler(inputLength, outputLength);

        for (int lead = 0; lead < 2; lead++)
        {
            var y = new double[outputLength];
            resampler.Resample(input.Row(lead), y);
            double error = RelativeError(expected.Row(lead), y);
            Console.WriteLine($"relative error {error:E2}");
            Assert.IsLessThanOrEqualTo(1e-12, error, $"{inputLength} -> {outputLength}, lead {lead}: {error:E2}");
        }
    }

    [TestMethod]
    public void LeadMajorRecordsResampleLeadByLead()
    {
        var input = NpyFixture.Load("preprocessing", "resample_4096_5120_input").AsSingles();
        var expected = NpyFixture.Load("preprocessing", "resample_4096_5120_output").Values;
        var output = new float[2 * 5120];

        new FftResampler(4096, 5120).ResampleLeads(input, output, leadCount: 2);

        Assert.IsLessThanOrEqualTo(1e-5, RelativeError(expected, output.Select(v => (double)v).ToArray()));
    }

    [TestMethod]
    public void ResampledLengthFollowsDBetasRule()
    {
        Assert.AreEqual(5120, FftResampler.ResampledLength(4096, 400, 500));
        Assert.AreEqual(5000, FftResampler.ResampledLength(10000, 1000, 500));
        Assert.AreEqual(2, FftResampler.ResampledLength(5, 1000, 500));   // 2.5 rounds half to even
        Assert.AreEqual(4, FftResampler.ResampledLength(7, 1000, 500));   // 3.5 rounds half to even
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FftResampler.ResampledLength(10, 0, 500));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => FftResampler.ResampledLength(10, double.NaN, 500));
    }

    [TestMethod]
    public void WrongBufferSizesAreRejected()
    {
        var resampler = new FftResampler(100, 125);
        Assert.ThrowsExactly<ArgumentException>(() => resampler.Resample(new float[99], new float[125]));
        Assert.ThrowsExactly<ArgumentException>(() => resampler.Resample(new float[100], new float[124]));
        Assert.ThrowsExactly<ArgumentException>(() => resampler.ResampleLeads(new float[1200], new float[1200], 12));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FftResampler(0, 10));
    }

    [TestMethod]
    public void OneResamplerServesManyThreads()
    {
        var input = NpyFixture.Load("preprocessing", "resample_4097_5121_input").AsSingles();
        var resampler = new FftResampler(4097, 5121);
        var expected = new float[2 * 5121];
        resampler.ResampleLeads(input, expected, 2);

        Parallel.For(0, 32, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var output = new float[2 * 5121];
            resampler.ResampleLeads(input, output, 2);
            if (!output.AsSpan().SequenceEqual(expected)) throw new AssertFailedException("threads disagree");
        });
    }

    [TestMethod]
    public void SpeedOfOneCodeRecordIsPrinted()
    {
        // Prints a sanity number for the report; timings are never asserted.
        var resampler = new FftResampler(4096, 5120);
        var random = new Random(1);
        var input = Enumerable.Range(0, 12 * 4096).Select(_ => (float)random.NextDouble()).ToArray();
        var output = new float[12 * 5120];
        for (int i = 0; i < 20; i++) resampler.ResampleLeads(input, output, 12);
        const int runs = 50;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < runs; i++) resampler.ResampleLeads(input, output, 12);
        watch.Stop();
        Console.WriteLine($"12 x 4096 -> 12 x 5120: {watch.Elapsed.TotalMilliseconds / runs:F3} ms per record");
        Assert.IsTrue(output.All(float.IsFinite));
    }

    internal static double RelativeError(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.AreEqual(expected.Count, actual.Count);
        double diff = 0, scale = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            diff = Math.Max(diff, Math.Abs(expected[i] - actual[i]));
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }
        return diff / scale;
    }
}
