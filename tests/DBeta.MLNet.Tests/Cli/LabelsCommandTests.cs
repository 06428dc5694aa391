using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta labels</c> on real Challenge records, and <c>dbeta embed</c> on a folder of records of mixed rates and lengths.</summary>
[TestClass]
public sealed class LabelsCommandTests
{
    private sealed record Reference(string[] Classes, ReferenceRecord[] Records);

    private sealed record ReferenceRecord(string Id, int[] Labels);

    [TestMethod]
    public void LabelsOfTheSharedChallengeRecordsAreThoseTheirHeadersState()
    {
        string folder = RepoPaths.SharedData("challenge2021");
        var reference = JsonSerializer.Deserialize<Reference>(File.ReadAllText(RepoPaths.Fixture("data", "challenge2021", "labels.json")),
            new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("labels", "--input", folder, "--out", temp.File("labels.csv"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "wrote " + temp.File("labels.csv") + ": 53 records x 26 labels");
        StringAssert.Contains(output, "note: code 55827005");
        string[] lines = File.ReadAllLines(temp.File("labels.csv"));
        Assert.AreEqual("Id," + string.Join(',', reference.Classes), lines[0]);
        CollectionAssert.AreEqual(reference.Records.Select(r => r.Id + "," + string.Join(',', r.Labels)).ToArray(), lines[1..]);

        // The rows come in the order embed writes its ids for the same folder.
        (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--format", "Challenge",
            "--out", temp.File("e.npy"), "--ids", temp.File("ids.csv"));
        Assert.AreEqual(0, code, error);
        CollectionAssert.AreEqual(lines[1..].Select(l => l.Split(',')[0]).ToArray(),
            File.ReadAllLines(temp.File("ids.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray());
    }

    [TestMethod]
    public void AWrongLabelSetOrAnUnlabelledFormatIsOneLine()
    {
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("labels", "--input", RepoPaths.Fixture("data", "wfdb", "good", "rec16.hea"), "--label-set", "rhythm", "--out", temp.File("l.csv"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "'rhythm' is not a Challenge label set");
        (code, _, error) = DBetaCli.Run("labels", "--input", RepoPaths.Fixture("data", "hdf5", "code_gzip_shuffle.h5"), "--out", temp.File("l.csv"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "Hdf5 input carries no labels");
        Assert.IsFalse(File.Exists(temp.File("l.csv")));
    }

    [TestMethod]
    public void AFolderOfRecordsOfMixedRatesAndLengthsEmbeds()
    {
        // Three 10-s 500-Hz Challenge records and the 38.4-s 1000-Hz PTB record s0010_re in one folder.
        using var temp = new TempFolder();
        string folder = Directory.CreateDirectory(temp.File("mixed")).FullName;
        foreach (string record in new[] { "E07500", "HR06000", "JS20000" })
            foreach (string extension in new[] { ".hea", ".mat" })
                File.Copy(RepoPaths.SharedData("challenge2021", record + extension), Path.Combine(folder, record + extension));
        foreach (string file in Directory.GetFiles(RepoPaths.SharedData("wfdb"), "s0010_re*").Where(f => !f.EndsWith(".npy", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));

        var (code, output, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--out", temp.File("e.npy"), "--ids", temp.File("ids.csv"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "4 records at 500 Hz");
        (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", Path.Combine(folder, "s0010_re.hea"), "--out", temp.File("alone.npy"));
        Assert.AreEqual(0, code, error);

        using var all = NpyReader.Open(temp.File("e.npy"));
        using var alone = NpyReader.Open(temp.File("alone.npy"));
        Assert.AreEqual(4L, all.Shape[0]);
        float[] rows = all.ReadAll();
        int d = (int)all.Shape[1];
        CollectionAssert.AreEqual(alone.ReadAll(), rows[(3 * d)..], "s0010_re embedded in the mixed folder and alone");
        CollectionAssert.AreEqual(new[] { "E07500", "HR06000", "JS20000", "s0010_re" },
            File.ReadAllLines(temp.File("ids.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray());

        (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--fit", "false", "--out", temp.File("nofit.npy"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "all records of one source must share rate and length");
    }

    [TestMethod]
    public void EmbedWithAWindowStrideWritesOneRowPerWindowAndSkipsShortRecords()
    {
        // s0010_re (38.4 s) gives windows at 0, 10 and 20 s; a 10-s Challenge record gives one; rec16 (0.6 s) none.
        using var temp = new TempFolder();
        string folder = Directory.CreateDirectory(temp.File("mixed")).FullName;
        foreach (string file in Directory.GetFiles(RepoPaths.SharedData("wfdb"), "s0010_re*").Where(f => !f.EndsWith(".npy", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        foreach (string extension in new[] { ".hea", ".mat" })
            File.Copy(RepoPaths.SharedData("challenge2021", "E07500" + extension), Path.Combine(folder, "E07500" + extension));
        foreach (string extension in new[] { ".hea", ".dat" })
            File.Copy(RepoPaths.Fixture("data", "wfdb", "good", "rec16" + extension), Path.Combine(folder, "rec16" + extension));

        var (code, output, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--window-stride", "10",
            "--out", temp.File("w.npy"), "--ids", temp.File("ids.csv"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "skipped 1 records shorter than one window: rec16: is 0.602 s long");
        CollectionAssert.AreEqual(new[] { "E07500@0s", "s0010_re@0s", "s0010_re@10s", "s0010_re@20s" },
            File.ReadAllLines(temp.File("ids.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray());
        using var npy = NpyReader.Open(temp.File("w.npy"));
        Assert.AreEqual(4L, npy.Shape[0]);

        (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--window-stride", "0", "--out", temp.File("x.npy"));
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "the stride must be a positive number of seconds");
    }

    private sealed record DatasetSet(string[] Names, string[] Ids, int[][] Labels);

    private static DatasetSet ExpectedSet(string dataset, string? set)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("data", "datasets", dataset, "expected.json")));
        var node = set is null ? json.RootElement : json.RootElement.GetProperty("sets").GetProperty(set);
        return node.Deserialize<DatasetSet>(new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    [TestMethod]
    [DataRow("ptbxl", "superdiagnostic")]
    [DataRow("ptbxl", "rhythm")]
    [DataRow("code15", null)]
    public void LabelsOfADatasetLayoutAreThoseItsScriptComputes(string dataset, string? set)
    {
        string tree = RepoPaths.Fixture("data", "datasets", dataset, "tree");
        var expected = ExpectedSet(dataset, set);
        using var temp = new TempFolder();
        string[] args = set is null ? ["labels", "--input", tree, "--out", temp.File("l.csv")] : ["labels", "--input", tree, "--label-set", set, "--out", temp.File("l.csv")];
        var (code, output, error) = DBetaCli.Run(args);
        Assert.AreEqual(0, code, error);
        string[] lines = File.ReadAllLines(temp.File("l.csv"));
        Assert.AreEqual("Id," + string.Join(',', expected.Names), lines[0]);
        CollectionAssert.AreEqual(expected.Ids.Select((id, r) => id + "," + string.Join(',', expected.Labels[r])).ToArray(), lines[1..]);
        StringAssert.Contains(output, $"{expected.Ids.Length} records x {expected.Names.Length} labels");
    }

    [TestMethod]
    public void APtbXlFolderEmbedsEveryRecordInTheOrderOfItsLabels()
    {
        string tree = RepoPaths.Fixture("data", "datasets", "ptbxl", "tree");
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", tree, "--out", temp.File("e.npy"), "--ids", temp.File("ids.csv"));
        Assert.AreEqual(0, code, error);
        (code, _, error) = DBetaCli.Run("labels", "--input", tree, "--label-set", "all", "--out", temp.File("l.csv"));
        Assert.AreEqual(0, code, error);
        CollectionAssert.AreEqual(File.ReadAllLines(temp.File("l.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray(),
            File.ReadAllLines(temp.File("ids.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray());
        (code, _, error) = DBetaCli.Run("labels", "--input", tree, "--label-set", "super", "--out", temp.File("x.csv"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "'super' is not a PTB-XL label set");
    }
}
