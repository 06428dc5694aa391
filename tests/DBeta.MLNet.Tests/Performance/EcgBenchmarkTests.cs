using DBeta.MLNet.Tests.TestSupport;
using DBeta.MLNet.Tests.Conversion;

namespace DBeta.MLNet.Tests.Performance;

[TestClass]
public sealed class EcgBenchmarkTests
{
    private static EcgBenchmarkOptions Quick(string model) => new()
    {
        ModelPath = model,
        Threads = 1,
        EcgCount = 8,
        BatchSize = 4,
        MatMulDuration = TimeSpan.FromMilliseconds(20),
    };

    [TestMethod]
    public void ReportsRooflineAndAchievedRateForSyntheticEcgs()
    {
        var lines = new List<string>();
        var options = Quick(TinyModels.EcgModel);
        options.Log = lines.Add;
        var report = EcgBenchmark.Run(options);

        Assert.AreEqual(8L, report.EcgCount, "the warm-up batch is not timed");
        Assert.AreEqual("synthetic", report.Source);
        Assert.AreEqual(EcgModelPrecision.Float32, report.Precision);
        Assert.AreEqual(EcgEncoderFlops.Count(DBetaConfig.Tiny), report.FlopsPerEcg);
        Assert.AreEqual(report.MatMulGflops * 1e9 / report.FlopsPerEcg, report.RooflineEcgPerSecond, 1e-9 * report.RooflineEcgPerSecond);
        Assert.HasCount(3, report.MatMulGflopsPerRound, "probe and pipeline take turns, three rounds by default");
        Assert.HasCount(3, report.EcgPerSecondPerRound);
        Assert.AreEqual(report.MatMulGflopsPerRound.Order().ElementAt(1), report.MatMulGflops, "the median of the probe's rounds");
        Assert.AreEqual(report.EcgPerSecondPerRound.Order().ElementAt(1), report.EcgPerSecond, "the median of the pipeline's rounds");
        Assert.IsTrue(report.EcgPerSecond > 0 && double.IsFinite(report.EcgPerSecond));
        Assert.IsTrue(report.PeakResidentBytes >= report.ResidentBytesAfterWarmUp && report.ResidentBytesAfterWarmUp > 0);
        StringAssert.Contains(report.ToString(), "roofline:");
        Assert.IsNotEmpty(lines);
    }

    [TestMethod]
    public void StreamsEveryRecordOfAnHdf5File()
    {
        using var temp = new TempFolder();
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 11 });
        CodeHdf5Writer.Write(temp.File("code.h5"), Enumerable.Range(0, 11).Select(i => (long)i).ToArray(), generator.GenerateAll().Select(e => e.Record));
        var options = Quick(TinyModels.EcgModel);
        options.Hdf5Path = temp.File("code.h5");
        options.EcgCount = null;

        var report = EcgBenchmark.Run(options);
        Assert.AreEqual(7L, report.EcgCount, "11 records less the warm-up batch of 4");
        Assert.AreEqual(temp.File("code.h5"), report.Source);
    }

    [TestMethod]
    public void MeasuresAnInt8ModelAgainstTheInt8Probe()
    {
        var report = EcgBenchmark.Run(Quick(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgInt8FileName)));
        Assert.AreEqual(EcgModelPrecision.Int8, report.Precision);
        StringAssert.Contains(report.ToString(), "int8 DynamicQuantizeMatMul");
    }

    [TestMethod]
    public void RejectsBadOptionsWithClearErrors()
    {
        Assert.ThrowsExactly<FileNotFoundException>(() => EcgBenchmark.Run(Quick("no-such-model.onnx")));
        Assert.ThrowsExactly<ModelFormatException>(() => EcgBenchmark.Run(Quick(TinyModels.TextModel)));
        var tooFew = Quick(TinyModels.EcgModel);
        tooFew.BatchSize = 0;
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => EcgBenchmark.Run(tooFew)).Message, "BatchSize");
    }

    [TestMethod]
    public void AFractionAboveTheRooflineSaysTheProbeWasDisturbed()
    {
        var report = Report(gflops: 100, ecgPerSecond: 3);   // roofline 100e9 / 40e9 = 2.5 ECG/s
        Assert.IsTrue(report.ProbeDisturbed);
        StringAssert.Contains(report.ToString(), "120 %: above 100 %, so the MatMul probe was disturbed");

        var plausible = Report(gflops: 100, ecgPerSecond: 2);
        Assert.IsFalse(plausible.ProbeDisturbed);
        StringAssert.Contains(plausible.ToString(), "80 % of the roofline");
        Assert.DoesNotContain("disturbed", plausible.ToString());
    }

    private static EcgBenchmarkReport Report(double gflops, double ecgPerSecond) => new()
    {
        ModelPath = "m.onnx", Precision = EcgModelPrecision.Float32, Threads = 2, MatMulGflops = gflops, MatMulGflopsPerRound = [gflops],
        FlopsPerEcg = 40_000_000_000, EcgPerSecond = ecgPerSecond, EcgPerSecondPerRound = [ecgPerSecond], EcgCount = 8, BatchSize = 4,
        Source = "synthetic", ResidentBytesAfterWarmUp = 1, PeakResidentBytes = 1,
    };
}
