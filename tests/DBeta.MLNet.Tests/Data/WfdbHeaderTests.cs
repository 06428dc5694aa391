using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class WfdbHeaderTests
{
    private static string Wfdb(params string[] parts) => RepoPaths.Fixture(["data", "wfdb", .. parts]);

    [TestMethod]
    public void ParsesTheRecordLineAndSignalLines()
    {
        var header = WfdbHeader.Read(Wfdb("good", "rec212.hea"));
        Assert.AreEqual("rec212", header.RecordName);
        Assert.AreEqual(500.0, header.SampleRate, "the counter frequency and base after '/' are not the sampling rate");
        Assert.AreEqual(301, header.SampleCount);
        Assert.AreEqual(12, header.Signals.Count);
        var v1 = header.Signals[0];
        Assert.AreEqual("rec212.dat", v1.FileName);
        Assert.AreEqual(212, v1.Format);
        Assert.AreEqual(200.0, v1.Gain);
        Assert.AreEqual(v1.AdcZero, v1.Baseline, "without '(baseline)' the baseline is the ADC zero");
        Assert.AreNotEqual(0, v1.AdcZero);
        Assert.AreEqual("mV", v1.Units);
        Assert.AreEqual("v1", v1.Description);
        CollectionAssert.Contains(header.Comments.ToArray(), "written by tests/reference/make_data_fixtures.py");
    }

    [TestMethod]
    public void ParsesOffsetsDefaultGainsAndUnitlessGains()
    {
        var header = WfdbHeader.Read(Wfdb("good", "split.hea"));
        var v6 = header.Signals[7];
        Assert.AreEqual("split_b.dat", v6.FileName);
        Assert.AreEqual(16, v6.Format);
        Assert.AreEqual(24, v6.ByteOffset);
        Assert.AreEqual("lead V6", v6.Description);
        var v4 = header.Signals[10];
        Assert.AreEqual(200.0, v4.Gain, "a gain of 0 means WFDB's default 200");
        Assert.AreEqual(3, v4.Baseline);
        var v3 = header.Signals[11];
        Assert.AreEqual(2000.5, v3.Gain);
        Assert.AreEqual(-9, v3.Baseline);
    }

    [TestMethod]
    public void HandlesCrLfTimeAndDateAndDescriptionsWithSpaces()
    {
        var rec16 = WfdbHeader.Read(Wfdb("good", "rec16.hea"));
        Assert.AreEqual("I", rec16.Signals[0].Description);
        Assert.AreEqual("V6", rec16.Signals[11].Description);
        var header = WfdbHeader.Parse("test 2 500 4000\nx.dat 16 100/mV 16 0 10 114 0 ECG 1\nx.dat 16 100/mV 16 0 -8 941 0  ECG  2 \n", "test.hea");
        Assert.AreEqual("ECG 1", header.Signals[0].Description);
        Assert.AreEqual("ECG  2", header.Signals[1].Description);
        Assert.AreEqual(114, header.Signals[0].Checksum);
    }

    [TestMethod]
    public void DefaultsFollowTheWfdbSpecification()
    {
        var header = WfdbHeader.Parse("bare 1\nbare.dat 16\n", "bare.hea");
        Assert.AreEqual(WfdbHeader.DefaultSampleRate, header.SampleRate);
        Assert.AreEqual(0, header.SampleCount);
        Assert.AreEqual(200.0, header.Signals[0].Gain);
        Assert.AreEqual(0, header.Signals[0].Baseline);
        Assert.IsNull(header.Signals[0].Checksum);
    }

    [TestMethod]
    [DataRow("badnsig", "line 1: the record line 'badnsig twelve 500 301' lacks a number of signals")]
    [DataRow("badcount", "the record line declares 12 signals but the header has 11 signal lines")]
    [DataRow("badgain", "gain '1k(0)/mV' is not a number")]
    [DataRow("shortline", "the signal file name or format is missing")]
    [DataRow("multiseg", "'multiseg/2' is a multi-segment record, which is not supported")]
    public void RejectsBadLinesNamingTheFileRecordAndLine(string record, string problem)
    {
        string path = Wfdb("bad", record + ".hea");
        var e = Assert.ThrowsExactly<EcgDataException>(() => WfdbHeader.Read(path));
        Assert.AreEqual(path, e.FilePath);
        Assert.IsNotNull(e.Record);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void SharedPtbRecordHeader()
    {
        var header = WfdbHeader.Read(RepoPaths.SharedData("wfdb", "s0010_re.hea"));
        Assert.AreEqual(15, header.Signals.Count);
        Assert.AreEqual(1000.0, header.SampleRate);
        Assert.AreEqual(38_400, header.SampleCount);
        Assert.AreEqual("s0010_re.xyz", header.Signals[12].FileName);
        Assert.AreEqual("vz", header.Signals[14].Description);
    }
}
