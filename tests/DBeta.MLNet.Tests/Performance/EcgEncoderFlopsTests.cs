using DBeta.MLNet.Tests.Conversion;

namespace DBeta.MLNet.Tests.Performance;

/// <summary>The analytic FLOP count against PyTorch modules counted with hooks (tests/reference/make_perf_fixtures.py).</summary>
[TestClass]
public sealed class EcgEncoderFlopsTests
{
    [TestMethod]
    [DataRow(5000)]
    [DataRow(2500)]
    [DataRow(1234)]
    public void MatchesPyTorchForTheFixtureConfiguration(int samples) =>
        Assert.AreEqual(PerfFixtures.FlopCount("fixture", samples), EcgEncoderFlops.Count(DBetaConfig.Load(DBetaReference.Fixture("config.json")), samples));

    [TestMethod]
    public void MatchesPyTorchForDBetaAndTheTinyConfiguration()
    {
        Assert.AreEqual(PerfFixtures.FlopCount("dbeta", 5000), EcgEncoderFlops.Count(DBetaConfig.Default));
        Assert.AreEqual(PerfFixtures.FlopCount("dbeta", 4096), EcgEncoderFlops.Count(DBetaConfig.Default, 4096));
        Assert.AreEqual(PerfFixtures.FlopCount("tiny", 5000), EcgEncoderFlops.Count(DBetaConfig.Tiny));
        Assert.AreEqual(41.5, EcgEncoderFlops.Count(DBetaConfig.Default) / 1e9, 0.05, "about 41.5 GFLOP per 12 x 5000 ECG");
    }

    [TestMethod]
    [DataRow(DBetaConverter.EcgFileName)]
    [DataRow(DBetaConverter.EcgInt8FileName)]
    public void CountsAModelFileFromItsGraph(string file) =>
        Assert.AreEqual(PerfFixtures.FlopCount("fixture", 5000), EcgEncoderFlops.Count(Path.Combine(DBetaReference.Converted("fp32"), file)));

    [TestMethod]
    public void RejectsAnInputTooShortForTheFeatureExtractor() =>
        Assert.ThrowsExactly<ArgumentException>(() => EcgEncoderFlops.Count(DBetaConfig.Default, 10));
}
