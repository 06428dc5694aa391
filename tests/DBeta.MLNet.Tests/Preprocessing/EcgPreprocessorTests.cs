using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class EcgPreprocessorTests
{
    [TestMethod]
    public void CodeRecordBecomesDBetasInputLikeScipy()
    {
        float[] samples = NpyFixture.Load("preprocessing", "code_12x4096_input").AsSingles();
        double[] expected = NpyFixture.Load("preprocessing", "code_12x4096_dbeta_output").Values;
        var record = new EcgRecord("exam 1", DBetaConfig.CodeSampleRate, samples);
        var preprocessor = new EcgPreprocessor();

        Assert.AreEqual(DBetaConfig.CodeResampledCount, preprocessor.ResampledLength(record));
        float[] output = preprocessor.Process(record);

        Assert.AreEqual(12 * 5000, output.Length);
        double error = FftResamplerTests.RelativeError(expected, output.Select(v => (double)v).ToArray());
        Assert.IsLessThanOrEqualTo(1e-5, error, $"relative error {error:E2}");
    }

    [TestMethod]
    public void SameRateIsABitExactCopyAndShortRecordsArePadded()
    {
        var random = new Random(7);
        var samples = Enumerable.Range(0, 12 * 4000).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var record = new EcgRecord("short", 500, samples);

        float[] output = new EcgPreprocessor().Process(record);

        for (int lead = 0; lead < 12; lead++)
        {
            CollectionAssert.AreEqual(samples.AsSpan(lead * 4000, 4000).ToArray(), output.AsSpan(lead * 5000, 4000).ToArray());
            Assert.IsTrue(output.AsSpan(lead * 5000 + 4000, 1000).ToArray().All(v => v == 0));
        }
    }

    [TestMethod]
    public void SourceRateOptionOverridesTheRecordsRate()
    {
        float[] samples = NpyFixture.Load("preprocessing", "code_12x4096_input").AsSingles();
        var record = new EcgRecord("header says 500", 500, samples);
        var preprocessor = new EcgPreprocessor(new EcgPreprocessingOptions { SourceRate = 400 });
        Assert.AreEqual(5120, preprocessor.ResampledLength(record));
    }

    [TestMethod]
    public void StandardizeKeepsPaddingAtZero()
    {
        var samples = Enumerable.Range(0, 12 * 100).Select(i => (float)Math.Sin(i * 0.3) + 2).ToArray();
        var preprocessor = new EcgPreprocessor(new EcgPreprocessingOptions { Standardize = true, TargetLength = 150, Anchor = EcgLengthAnchor.Center });

        float[] output = preprocessor.Process(new EcgRecord("z", 500, samples));

        var lead0 = output.AsSpan(0, 150).ToArray();
        Assert.IsTrue(lead0.Take(25).Concat(lead0.Skip(125)).All(v => v == 0), "padding stays zero");
        var body = lead0.Skip(25).Take(100).ToArray();
        Assert.AreEqual(0, body.Average(), 1e-6);
        Assert.AreEqual(1, Math.Sqrt(body.Select(v => (double)v * v).Average()), 1e-5);
    }

    [TestMethod]
    public void NonFiniteSamplesNameTheFileRecordLeadAndSample()
    {
        var samples = new float[12 * 4096];
        samples[1 * 4096 + 17] = float.NaN;
        var record = new EcgRecord("1234", 400, samples);
        var preprocessor = new EcgPreprocessor();

        var withFile = Assert.ThrowsExactly<EcgDataException>(() => preprocessor.Process(record, "data/exams.h5"));
        Assert.AreEqual("data/exams.h5: record 1234: lead II sample 17 is NaN", withFile.Message);
        Assert.AreEqual("1234", withFile.Record);

        samples[1 * 4096 + 17] = 0;
        samples[11 * 4096] = float.NegativeInfinity;
        var withoutFile = Assert.ThrowsExactly<EcgDataException>(() => preprocessor.Process(record));
        Assert.AreEqual("ECG record '1234': lead V6 sample 0 is -infinity", withoutFile.Message);
    }

    [TestMethod]
    public void RecordsThatCannotFeedTheEncoderAreRejected()
    {
        var preprocessor = new EcgPreprocessor();
        var eightLeads = Assert.ThrowsExactly<EcgDataException>(() => preprocessor.Process(new EcgRecord("r8", 500, new float[8 * 10], leadCount: 8), "a.hea"));
        Assert.AreEqual("a.hea: record r8: has 8 leads, D-BETA needs 12", eightLeads.Message);
        Assert.ThrowsExactly<EcgDataException>(() => preprocessor.Process(new EcgRecord("empty", 500, [])));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EcgPreprocessor(new EcgPreprocessingOptions { TargetLength = 0 }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EcgPreprocessor(new EcgPreprocessingOptions { SourceRate = -1 }));
        Assert.ThrowsExactly<ArgumentException>(() => preprocessor.Process(new EcgRecord("x", 500, new float[12 * 10]), new float[10]));
    }
}
