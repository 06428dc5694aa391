using System.Security.Cryptography;
using System.Text.Json;
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
        MillivoltComparison.AssertWithinTolerance(what, 12, T,
            (lead, t) => expected[lead * T + t], (lead, t) => actual[lead * T + t], lead => EcgLeads.Standard[lead]);
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
        // The header's first 12 signals are i..v6 in D-BETA's order; the Frank leads vx, vy, vz (13-15) are left out.
        double worst = MillivoltComparison.AssertWithinTolerance("s0010_re", 12, 38_400,
            (lead, t) => reference[t * 15 + lead], (lead, t) => record.Samples[lead * 38_400 + t], lead => EcgLeads.Standard[lead]);
        Console.WriteLine($"s0010_re: worst error {worst:E2} over 12 x 38400 samples");
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
        var v5 = record.Lead(10).ToArray();
        double worst = MillivoltComparison.AssertWithinTolerance("100", 1, 36_000,
            (_, t) => reference[t * 2 + 1], (_, t) => v5[t], _ => "V5");
        Console.WriteLine($"100: worst error {worst:E2} over 36000 samples of V5");
        Assert.IsTrue(record.Lead(1).ToArray().All(v => v == 0), "MLII is not lead II: it stays zero");
    }

    [TestMethod]
    public void SharedChallengeRecordsMatchScipyLoadmat()
    {
        string folder = RepoPaths.SharedData("challenge2021");
        var reference = JsonSerializer.Deserialize<ChallengeReference>(File.ReadAllText(RepoPaths.Fixture("data", "challenge2021", "loadmat.json")),
            new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        using var source = new WfdbEcgSource(folder);
        Assert.AreEqual(reference.Records.Count, source.Count);
        Assert.AreEqual(reference.SampleRate, source.SampleRate);
        Assert.AreEqual(reference.SampleCount, source.SampleCount);
        int n = source.SampleCount;
        double worst = 0;
        for (int r = 0; r < source.Count; r++)
        {
            string headerPath = source.GetHeader(r).HeaderPath;
            ChallengeRecord expected = reference.Records[r];
            Assert.AreEqual(expected.Name, Path.GetFileNameWithoutExtension(headerPath), "records in name order");
            string mat = Path.ChangeExtension(headerPath, ".mat");
            string sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(mat)));
            if (sha256 != expected.MatSha256)
                Assert.Fail($"{mat} has SHA-256 {sha256}, not the {expected.MatSha256} loadmat.json was written from: "
                    + "rewrite it with /usr/bin/python3 tests/reference/make_challenge_fixtures.py");

            float[] samples = source.Read(r).Samples; // [12, n], leads mapped by name to the standard order
            worst = Math.Max(worst, MillivoltComparison.AssertWithinTolerance(expected.Name, 12, expected.Samples.Length,
                (lead, k) => expected.PhysicalMv[lead][k], (lead, k) => samples[lead * n + expected.Samples[k]], lead => EcgLeads.Standard[lead],
                k => expected.Samples[k]));

            // Every sample: back to ADC units (gain 1000/mV, baseline 0, exact for |d| < 2^15) and summed as loadmat's were.
            for (int lead = 0; lead < 12; lead++)
            {
                long sum = 0, squares = 0;
                for (int t = 0; t < n; t++)
                {
                    long d = (long)Math.Round(samples[lead * n + t] * 1000.0);
                    (sum, squares) = (sum + d, squares + d * d);
                }
                Assert.AreEqual((expected.DigitalSum[lead], expected.DigitalSumOfSquares[lead]), (sum, squares),
                    $"{expected.Name} lead {EcgLeads.Standard[lead]}: sum and sum of squares of all {n} ADC values");
            }
        }
        Console.WriteLine($"challenge2021: worst error {worst:E2} over {source.Count} records x 12 leads x {reference.Records[0].Samples.Length} samples");
    }

    private sealed record ChallengeReference(int SampleRate, int SampleCount, List<ChallengeRecord> Records);

    private sealed record ChallengeRecord(
        string Name, string MatSha256, int[] Samples, float[][] PhysicalMv, long[] DigitalSum, long[] DigitalSumOfSquares);
}
