using DBeta.MLNet.Data;
using DBeta.MLNet.IO;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class WfdbEcgSourceTests
{
    private const int T = 301, Length = 12 * T;

    private static string Wfdb(params string[] parts) => RepoPaths.Fixture(["data", "wfdb", .. parts]);

    private static float[] Expected(string record)
    {
        using var reader = NpyReader.Open(Wfdb("expected", record + ".physical.npy"));
        return reader.ReadAll();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.AreEqual(expected.Length, actual.Length, what);
        for (int i = 0; i < expected.Length; i++)
            if (Math.Abs(expected[i] - actual[i]) > 1e-6 * Math.Max(1, Math.Abs(expected[i])))
                Assert.Fail($"{what}: lead {EcgLeads.Standard[i / T]} sample {i % T}: {actual[i]} vs {expected[i]}");
    }

    [TestMethod]
    public void AFolderReadsEveryRecordInNameOrderMappedToTheStandardLeads()
    {
        using var source = new WfdbEcgSource(Wfdb("good"));
        Assert.AreEqual(4, source.Count);
        Assert.AreEqual(500.0, source.SampleRate);
        Assert.AreEqual(T, source.SampleCount);
        string[] names = [.. Enumerable.Range(0, 4).Select(source.GetId)];
        CollectionAssert.AreEqual(new[] { "formats", "rec16", "rec212", "split" }, names);
        var all = new float[4 * Length];
        source.ReadBlock(0, 4, all);
        for (int r = 0; r < 4; r++)
            AssertClose(Expected(names[r]), all[(r * Length)..((r + 1) * Length)], names[r]);
    }

    [TestMethod]
    public void AHeaderPathOrARecordNameOpensOneRecord()
    {
        using var byHeader = new WfdbEcgSource(Wfdb("good", "rec212.hea"));
        Assert.AreEqual(1, byHeader.Count);
        AssertClose(Expected("rec212"), byHeader.Read(0).Samples, "rec212");
        using var byName = new WfdbEcgSource(Wfdb("good", "split"));
        Assert.AreEqual("split", byName.GetId(0));
        Assert.AreEqual(Wfdb("good", "split.hea"), byName.GetHeader(0).HeaderPath);
    }

    [TestMethod]
    public void AMissingLeadIsAnErrorUnlessZeroFilled()
    {
        string path = Wfdb("other", "noV6.hea");
        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource(path));
        Assert.AreEqual(path, e.FilePath);
        Assert.AreEqual("noV6", e.Record);
        StringAssert.Contains(e.Message, "lacks lead(s) V6 (signals: I, II, III, aVR, aVL, aVF, V1, V2, V3, V4, V5); set ZeroFillMissingLeads");

        using var filled = new WfdbEcgSource(path, new WfdbEcgLoaderOptions { ZeroFillMissingLeads = true });
        CollectionAssert.AreEqual(new[] { "V6" }, filled.GetMissingLeads(0).ToArray());
        AssertClose(Expected("noV6"), filled.Read(0).Samples, "noV6");
    }

    [TestMethod]
    public void TheLengthComesFromTheFileWhenTheHeaderOmitsIt()
    {
        using var source = new WfdbEcgSource(Wfdb("other", "nolength.hea"));
        Assert.AreEqual(T, source.SampleCount);
    }

    [TestMethod]
    [DataRow("rate250", "has 301 samples at 250 Hz but record rec16")]
    [DataRow("len400", "has 400 samples at 500 Hz but record rec16")]
    public void RecordsMustShareRateAndLength(string odd, string problem)
    {
        string oddPath = Wfdb("other", odd + ".hea");
        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource([Wfdb("good", "rec16.hea"), oddPath]));
        Assert.AreEqual(oddPath, e.FilePath);
        Assert.AreEqual(odd, e.Record);
        StringAssert.Contains(e.Message, problem);
        StringAssert.Contains(e.Message, "all records of one source must share rate and length");
    }

    [TestMethod]
    public void TheInvalidSampleValueIsRejectedAsNaN()
    {
        using var source = new WfdbEcgSource(Wfdb("other", "invalid16.hea"));
        var e = Assert.ThrowsExactly<EcgDataException>(() => source.Read(0));
        Assert.AreEqual(Wfdb("other", "invalid16.hea"), e.FilePath);
        Assert.AreEqual("invalid16", e.Record);
        StringAssert.Contains(e.Message, "lead V2 sample 10 is NaN");
    }

    [TestMethod]
    [DataRow("short", "short.dat", "holds 6224 bytes but the header needs 7224 (301 samples of 12 signals in format 16); the file is truncated")]
    [DataRow("badformat", "badformat.hea", "signal 1 (I): format 999 is not supported (supported: 16, 61, 80, 160, 212, 24, 32)")]
    [DataRow("mixed212", "mixed212.hea", "signals 1 and 2 share file 'mixed212.dat' but have formats 212 and 16")]
    [DataRow("missingdat", "missingdat.dat", "signal file named in the header does not exist")]
    [DataRow("badcount", "badcount.hea", "declares 12 signals but the header has 11 signal lines")]
    public void BadRecordsNameTheFileTheRecordAndTheProblem(string record, string file, string problem)
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource(Wfdb("bad", record + ".hea")));
        Assert.AreEqual(Path.GetFullPath(Wfdb("bad", file)), Path.GetFullPath(e.FilePath));
        Assert.AreEqual(record, e.Record);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void SubfoldersAreReadOnlyWhenAskedFor()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.File("a"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "b", "c"));
        foreach (var file in Directory.GetFiles(Wfdb("good"), "rec16*")) File.Copy(file, Path.Combine(temp.Path, "a", Path.GetFileName(file)));
        foreach (var file in Directory.GetFiles(Wfdb("good"), "split*")) File.Copy(file, Path.Combine(temp.Path, "b", "c", Path.GetFileName(file)));

        Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource(temp.Path));
        using var source = new WfdbEcgSource(temp.Path, new WfdbEcgLoaderOptions { IncludeSubfolders = true });
        CollectionAssert.AreEqual(new[] { "rec16", "split" }, new[] { source.GetId(0), source.GetId(1) });
        AssertClose(Expected("split"), source.Read(1).Samples, "split");
    }

    [TestMethod]
    public void AnEmptyFolderOrAMissingPathIsReported()
    {
        using var temp = new TempFolder();
        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource(temp.Path));
        StringAssert.Contains(e.Message, "has no WFDB records");
        Assert.ThrowsExactly<FileNotFoundException>(() => new WfdbEcgSource(temp.File("nothing")));
    }

    [TestMethod]
    public void SharedPtbRecordMapsTwelveLeadsAndIgnoresTheFrankLeads()
    {
        string header = RepoPaths.SharedData("wfdb", "s0010_re.hea");
        float[] reference;
        using (var npy = NpyReader.Open(RepoPaths.SharedData("wfdb", "s0010_re.physical.npy"))) reference = npy.ReadAll(); // [38400, 15]
        using var source = new WfdbEcgSource(header);
        Assert.AreEqual(1000.0, source.SampleRate);
        Assert.AreEqual(38_400, source.SampleCount);
        var record = source.Read(0);
        for (int lead = 0; lead < 12; lead++) // the header's first 12 signals are i..v6 in D-BETA's order
            for (int t = 0; t < 38_400; t += 7)
                Assert.AreEqual(reference[t * 15 + lead], record.Samples[lead * 38_400 + t], 1 / 2000.0, $"lead {EcgLeads.Standard[lead]} sample {t}");
    }

    [TestMethod]
    public void SharedMitBihRecordKeepsV5AndZeroFillsTheRest()
    {
        string header = RepoPaths.SharedData("wfdb", "100.hea");
        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource(header));
        StringAssert.Contains(e.Message, "lacks lead(s) I, II, III, aVR, aVL, aVF, V1, V2, V3, V4, V6 (signals: MLII, V5)");

        float[] reference;
        using (var npy = NpyReader.Open(RepoPaths.SharedData("wfdb", "100.first36000.physical.npy"))) reference = npy.ReadAll(); // [36000, 2]
        using var source = new WfdbEcgSource(header, new WfdbEcgLoaderOptions { ZeroFillMissingLeads = true });
        Assert.AreEqual(650_000, source.SampleCount);
        var record = source.Read(0);
        var v5 = record.Lead(10);
        for (int t = 0; t < 36_000; t++) Assert.AreEqual(reference[t * 2 + 1], v5[t], 1 / 200.0);
        Assert.IsTrue(record.Lead(1).ToArray().All(v => v == 0), "MLII is not lead II: it stays zero");
    }
}
