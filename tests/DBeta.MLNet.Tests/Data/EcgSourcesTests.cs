using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class EcgSourcesTests
{
    private static string Fixture(params string[] parts) => RepoPaths.Fixture(["data", .. parts]);

    [TestMethod]
    public void DetectsTheFormatFromThePath()
    {
        Assert.AreEqual(EcgFormat.Hdf5, EcgSources.DetectFormat(Fixture("hdf5", "code_chunked.h5")));
        Assert.AreEqual(EcgFormat.Wfdb, EcgSources.DetectFormat(Fixture("wfdb", "good")));
        Assert.AreEqual(EcgFormat.Wfdb, EcgSources.DetectFormat(Fixture("wfdb", "good", "rec16.hea")));
        Assert.AreEqual(EcgFormat.Wfdb, EcgSources.DetectFormat(Fixture("wfdb", "good", "rec16")));
        Assert.AreEqual(EcgFormat.Npy, EcgSources.DetectFormat(Fixture("npy", "ecg_f4_lead_major.npy")));
    }

    [TestMethod]
    public void OpensTheReaderOfEachFormat()
    {
        using (var h5 = EcgSources.Open(Fixture("hdf5", "code_chunked.h5")))
        {
            Assert.IsInstanceOfType<Hdf5EcgSource>(h5);
            Assert.AreEqual(400.0, h5.SampleRate);
        }
        using (var wfdb = EcgSources.Open(Fixture("wfdb", "good")))
            Assert.AreEqual(4, wfdb.Count);
        using (var npy = EcgSources.Open(Fixture("npy", "ecg_f8_time_major.npy"), options: new NpyEcgLoaderOptions { Layout = NpyEcgLayout.TimeMajor, SampleRate = 500 }))
            Assert.AreEqual(250, npy.SampleCount);
        using (var generic = EcgSources.Open(Fixture("hdf5", "code_chunked.h5"), EcgFormat.Hdf5, new EcgLoaderOptions()))
            Assert.AreEqual(5, generic.Count);
    }

    [TestMethod]
    public void NpyNeedsItsLayoutAndRate()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => EcgSources.Open(Fixture("npy", "ecg_f4_lead_major.npy")));
        StringAssert.Contains(e.Message, "needs NpyEcgLoaderOptions with Layout");
    }

    [TestMethod]
    public void OptionsOfAnotherFormatAreRefused()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => EcgSources.Open(Fixture("hdf5", "code_chunked.h5"), options: new WfdbEcgLoaderOptions()));
        StringAssert.Contains(e.Message, "WfdbEcgLoaderOptions cannot configure a Hdf5 source; use Hdf5EcgLoaderOptions");
    }

    [TestMethod]
    public void AnUnknownExtensionOrAMissingPathIsReported()
    {
        string csv = Fixture("labels", "gold_standard.csv");
        var e = Assert.ThrowsExactly<EcgDataException>(() => EcgSources.Open(csv));
        Assert.AreEqual(csv, e.FilePath);
        StringAssert.Contains(e.Message, "cannot tell the ECG format from the name ('.csv')");
        Assert.ThrowsExactly<FileNotFoundException>(() => EcgSources.Open(Fixture("nothing.bin")));
    }
}
