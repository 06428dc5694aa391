using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.Data.Datasets;

/// <summary>
/// PTB-XL in its own layout against tests/reference/make_ptbxl_fixtures.py: a synthetic tree whose labels, splits and
/// signal sums the script computed with csv and ast.literal_eval, and the 11 real rows of ../shared/data/ptbxl.
/// </summary>
[TestClass]
public sealed class PtbXlDatasetTests
{
    private static readonly string Tree = RepoPaths.Fixture("data", "datasets", "ptbxl", "tree");
    private static readonly MLContext Ml = new(seed: 1);

    private static JsonElement Expected(string file = "expected.json") =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("data", "datasets", "ptbxl", file))).RootElement;

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static string IdOf(string skipped) => skipped[..skipped.IndexOf(':')];

    [TestMethod]
    [DataRow(PtbXlLabelSet.All, "all")]
    [DataRow(PtbXlLabelSet.Diagnostic, "diagnostic")]
    [DataRow(PtbXlLabelSet.Subdiagnostic, "subdiagnostic")]
    [DataRow(PtbXlLabelSet.Superdiagnostic, "superdiagnostic")]
    [DataRow(PtbXlLabelSet.Form, "form")]
    [DataRow(PtbXlLabelSet.Rhythm, "rhythm")]
    public void LabelSetsMatchTheBenchmarkRulesAsPythonAppliesThem(PtbXlLabelSet set, string name)
    {
        var expected = Expected().GetProperty("sets").GetProperty(name);
        var view = Ml.Data.LoadPtbXl(Tree, set, sampleRate: 100);

        CollectionAssert.AreEqual(Strings(expected.GetProperty("names")), view.LabelNames.ToArray());
        var rows = EcgViewRows.Read(view);
        CollectionAssert.AreEqual(Strings(expected.GetProperty("ids")), rows.Ids);
        var labels = expected.GetProperty("labels").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetInt32()).ToArray()).ToArray();
        Assert.AreEqual(labels.Length, rows.Labels.Length);
        for (int i = 0; i < labels.Length; i++) CollectionAssert.AreEqual(labels[i], rows.Labels[i], $"record {rows.Ids[i]}");
        CollectionAssert.AreEqual(Strings(expected.GetProperty("skipped")), view.SkippedRecords.Select(IdOf).ToArray());
        string reason = set == PtbXlLabelSet.All ? "no statement in scp_codes" : $"no {name} statement in scp_codes";
        Assert.IsTrue(view.SkippedRecords.All(s => s.Contains(reason, StringComparison.Ordinal)), string.Join("\n", view.SkippedRecords));
    }

    [TestMethod]
    public void FoldsSelectTheStandardSplitInFileOrder()
    {
        var expected = Expected().GetProperty("sets").GetProperty("all");
        string[] ids = Strings(expected.GetProperty("ids"));
        int[] folds = [.. expected.GetProperty("folds").EnumerateArray().Select(f => f.GetInt32())];
        foreach (var (split, wanted) in new[] { ("train", PtbXlFolds.Train), ("validation", PtbXlFolds.Validation), ("test", PtbXlFolds.Test) })
        {
            var dataset = PtbXlDataset.Open(Tree, new PtbXlOptions { LabelSet = PtbXlLabelSet.All, SampleRate = 100, Folds = wanted });
            CollectionAssert.AreEqual(ids.Where((_, i) => wanted.Contains(folds[i])).ToArray(), dataset.Ids.ToArray(), split);
            Assert.IsTrue(dataset.Folds.All(wanted.Contains), split);
            var allRows = Strings(Expected().GetProperty("splits_all_rows").GetProperty(split));
            CollectionAssert.IsSubsetOf(dataset.Ids.ToArray(), allRows, split);
        }
        var three = Ml.Data.LoadPtbXl(Tree, PtbXlLabelSet.All, 100, [3, 7]);
        CollectionAssert.AreEqual(ids.Where((_, i) => folds[i] is 3 or 7).ToArray(), EcgViewRows.Read(three).Ids);
    }

    [TestMethod]
    [DataRow(100)]
    [DataRow(500)]
    public void SignalsComeFromTheChosenRateInMillivolts(int rate)
    {
        var view = Ml.Data.LoadPtbXl(Tree, new PtbXlOptions { LabelSet = PtbXlLabelSet.All, SampleRate = rate, BlockSize = 4 });
        Assert.AreEqual(rate, view.SampleRate);
        Assert.AreEqual(rate, view.SampleCount); // the fixture's records last 1 s
        var rows = EcgViewRows.Read(view);
        var signals = Expected().GetProperty("signals");
        for (int r = 0; r < rows.Ids.Length; r++)
        {
            var expected = signals.GetProperty(rows.Ids[r]).GetProperty(rate.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var sums = expected.GetProperty("lead_sums").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var first = expected.GetProperty("first").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var last = expected.GetProperty("last").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int lead = 0; lead < 12; lead++)
            {
                var samples = rows.Ecgs[r].AsSpan(lead * rate, rate);
                double sum = 0;
                foreach (float v in samples) sum += v;
                Assert.AreEqual(sums[lead], sum, 1e-4, $"record {rows.Ids[r]} lead {lead} sum");
                Assert.AreEqual(first[lead], samples[0], 1e-6, $"record {rows.Ids[r]} lead {lead} first");
                Assert.AreEqual(last[lead], samples[^1], 1e-6, $"record {rows.Ids[r]} lead {lead} last");
            }
        }
    }

    [TestMethod]
    public void DatasetContractHoldsIdsLabelsAndSourceInOneOrder()
    {
        var dataset = PtbXlDataset.Open(Tree, new PtbXlOptions { LabelSet = PtbXlLabelSet.Superdiagnostic, SampleRate = 100 });
        IEcgDataset contract = dataset;
        Assert.AreEqual(Tree, contract.Path);
        CollectionAssert.AreEqual(contract.Ids.ToArray(), contract.Labels.Ids!.ToArray());
        using var source = contract.OpenSource();
        Assert.AreEqual(contract.Ids.Count, source.Count);
        for (int i = 0; i < source.Count; i++) Assert.AreEqual(contract.Ids[i], source.GetId(i));
        Assert.AreEqual(contract.Ids.Count, dataset.PatientIds.Count);
        Assert.IsTrue(dataset.PatientIds.All(p => p.EndsWith(".0", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ScpCodesThatIsNotADictNamesFileRowLineAndEcgId()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string database = Path.Combine(temp.Path, "ptbxl_database.csv");
        var lines = File.ReadAllLines(database);
        // The 3rd data row (line 4): its dict becomes a list.
        string id = lines[3][..lines[3].IndexOf(',')];
        int start = lines[3].IndexOf("\"{", StringComparison.Ordinal), end = lines[3].IndexOf("}\"", StringComparison.Ordinal);
        lines[3] = lines[3][..start] + "\"['NORM', 'SR']\"" + lines[3][(end + 2)..];
        File.WriteAllLines(database, lines);

        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadPtbXl(temp.Path));
        StringAssert.Contains(e.FilePath, "ptbxl_database.csv");
        StringAssert.Contains(e.Problem, "row 3 (line 4)");
        StringAssert.Contains(e.Problem, "is not a dict");
        Assert.AreEqual(id, e.Record);
    }

    [TestMethod]
    [DataRow("{'NORM': 100.0", "text ends")]
    [DataRow("{'NORM' 100.0}", "expected ':'")]
    [DataRow("{NORM: 100.0}", "quoted statement code")]
    [DataRow("{'NORM': high}", "expected a number")]
    [DataRow("{'NORM': 100.0} x", "after the closing")]
    [DataRow("{'NORM': 100.0, 'NORM': 0.0}", "twice")]
    [DataRow("", "text ends")]
    public void MalformedScpCodesAreFormatErrorsSayingWhere(string text, string problem)
    {
        var e = Assert.ThrowsExactly<FormatException>(() => ScpCodes.Parse(text));
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void AStatementTheTableDoesNotListIsAnError()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string database = Path.Combine(temp.Path, "ptbxl_database.csv");
        File.WriteAllText(database, File.ReadAllText(database).Replace("'NORM'", "'NORMAL'", StringComparison.Ordinal));
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadPtbXl(temp.Path));
        StringAssert.Contains(e.Problem, "'NORMAL'");
        StringAssert.Contains(e.Problem, "scp_statements.csv does not list");
    }

    [TestMethod]
    public void MissingRecordsAreNamedOrSkippedAndListed()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        var expected = Expected().GetProperty("sets").GetProperty("all");
        string[] ids = Strings(expected.GetProperty("ids"));
        string gone = ids[3];
        File.Delete(Path.Combine(temp.Path, "records100", "00000", $"{int.Parse(gone, System.Globalization.CultureInfo.InvariantCulture):D5}_lr.hea"));

        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadPtbXl(temp.Path, PtbXlLabelSet.All, 100));
        StringAssert.Contains(e.Problem, $"{gone}: missing on disk");
        StringAssert.Contains(e.Problem, "MissingRecords = Skip");
        Ml.Data.LoadPtbXl(temp.Path, PtbXlLabelSet.All, 500); // the 500 Hz record is still there

        var view = Ml.Data.LoadPtbXl(temp.Path, new PtbXlOptions { LabelSet = PtbXlLabelSet.All, SampleRate = 100, MissingRecords = MissingRecordHandling.Skip });
        CollectionAssert.AreEqual(ids.Where(i => i != gone).ToArray(), EcgViewRows.Read(view).Ids);
        CollectionAssert.Contains(view.SkippedRecords.Select(IdOf).ToArray(), gone);
    }

    [TestMethod]
    public void AHeaderWhoseRateIsNotTheChosenOneIsAnError()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        foreach (string header in Directory.EnumerateFiles(Path.Combine(temp.Path, "records100"), "*.hea", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(header);
            lines[0] = lines[0].Replace(" 12 100 ", " 12 250 ", StringComparison.Ordinal);
            File.WriteAllLines(header, lines);
        }
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadPtbXl(temp.Path, PtbXlLabelSet.All, 100));
        StringAssert.Contains(e.Problem, "states 250 Hz");
        StringAssert.Contains(e.FilePath, ".hea");
    }

    [TestMethod]
    public void AFoldOutsideOneToTenNamesRowAndEcgId()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string database = Path.Combine(temp.Path, "ptbxl_database.csv");
        var lines = File.ReadAllLines(database);
        var header = lines[0].Split(',');
        int fold = Array.IndexOf(header, "strat_fold");
        // Fields after scp_codes hold no commas, so the fold is the same field counted from the end.
        var fields = lines[2].Split(',');
        fields[fields.Length - (header.Length - fold)] = "11";
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(database, lines);
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadPtbXl(temp.Path));
        StringAssert.Contains(e.Problem, "row 2 (line 3): strat_fold '11' is not a fold 1-10");
        Assert.AreEqual(fields[0], e.Record);
    }

    [TestMethod]
    public void BadOptionsAreRefused()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Data.LoadPtbXl(Tree, PtbXlLabelSet.All, 250));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Ml.Data.LoadPtbXl(Tree, PtbXlLabelSet.All, 100, [0, 11]));
        Assert.ThrowsExactly<FileNotFoundException>(() => Ml.Data.LoadPtbXl(Path.Combine(Tree, "absent")));
    }

    [TestMethod]
    public void RealRowsGiveTheStatementCountsAndLabelsOfTheRealTable()
    {
        string shared = RepoPaths.SharedData("ptbxl");
        var expected = Expected("shared-expected.json");
        int[] counts = [71, 44, 23, 5, 19, 12];
        var sets = new[] { PtbXlLabelSet.All, PtbXlLabelSet.Diagnostic, PtbXlLabelSet.Subdiagnostic, PtbXlLabelSet.Superdiagnostic, PtbXlLabelSet.Form, PtbXlLabelSet.Rhythm };
        for (int s = 0; s < sets.Length; s++)
        {
            var want = expected.GetProperty(sets[s].ToString().ToLowerInvariant());
            // Only ecg_id 1 has its signals here (records100); the others are listed but absent.
            var view = Ml.Data.LoadPtbXl(shared, new PtbXlOptions { LabelSet = sets[s], SampleRate = 100, MissingRecords = MissingRecordHandling.Skip });
            Assert.AreEqual(counts[s], view.LabelNames.Count, sets[s].ToString());
            CollectionAssert.AreEqual(Strings(want.GetProperty("names")), view.LabelNames.ToArray());
            var rows = EcgViewRows.Read(view);
            CollectionAssert.AreEqual(new[] { "1" }, rows.Ids);
            int row = Array.IndexOf(Strings(want.GetProperty("ids")), "1");
            CollectionAssert.AreEqual(want.GetProperty("labels")[row].EnumerateArray().Select(v => (float)v.GetInt32()).ToArray(), rows.Labels[0]);
            Assert.AreEqual(10, view.SkippedRecords.Count(r => r.Contains("missing on disk", StringComparison.Ordinal)) +
                                view.SkippedRecords.Count(r => r.Contains("statement in scp_codes", StringComparison.Ordinal) && IdOf(r) != "1"));
        }
        var refused = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadPtbXl(shared, PtbXlLabelSet.All, 100));
        StringAssert.Contains(refused.Problem, "10 listed record(s) are missing on disk");
    }

    [TestMethod]
    public void RealRows6000To6009ReadAt500HzGiveTheChallengeRecordsSignalsAndTheRealLabels()
    {
        string shared = RepoPaths.SharedData("ptbxl");
        string challenge = RepoPaths.SharedData("challenge2021");
        using var temp = new TempFolder();
        File.Copy(Path.Combine(shared, "ptbxl_database.csv"), temp.File("ptbxl_database.csv"));
        File.Copy(Path.Combine(shared, "scp_statements.csv"), temp.File("scp_statements.csv"));
        // PTB-XL's records500/06000/0600N_hr are the Challenge's HR0600N (same ECG): put them where PTB-XL lists them.
        string folder = Path.Combine(temp.Path, "records500", "06000");
        Directory.CreateDirectory(folder);
        for (int n = 0; n < 10; n++)
        {
            string from = $"HR0600{n}", to = $"0600{n}_hr";
            File.Copy(Path.Combine(challenge, from + ".mat"), Path.Combine(folder, to + ".mat"));
            File.WriteAllText(Path.Combine(folder, to + ".hea"), File.ReadAllText(Path.Combine(challenge, from + ".hea")).Replace(from, to, StringComparison.Ordinal));
        }
        var challengeRows = EcgViewRows.Read(Ml.Data.LoadEcgFromWfdb(Enumerable.Range(0, 10).Select(n => Path.Combine(challenge, $"HR0600{n}.hea"))));
        var expected = Expected("shared-expected.json");
        foreach (var set in new[] { PtbXlLabelSet.All, PtbXlLabelSet.Superdiagnostic, PtbXlLabelSet.Subdiagnostic, PtbXlLabelSet.Rhythm, PtbXlLabelSet.Form })
        {
            var want = expected.GetProperty(set.ToString().ToLowerInvariant());
            var view = Ml.Data.LoadPtbXl(temp.Path, new PtbXlOptions { LabelSet = set, MissingRecords = MissingRecordHandling.Skip });
            Assert.AreEqual(500, view.SampleRate);
            var rows = EcgViewRows.Read(view);
            string[] wantIds = [.. Strings(want.GetProperty("ids")).Where(id => id != "1")];
            CollectionAssert.AreEqual(wantIds, rows.Ids, set.ToString());
            var wantLabels = want.GetProperty("labels").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetInt32()).ToArray()).ToArray();
            string[] allIds = Strings(want.GetProperty("ids"));
            for (int i = 0; i < rows.Ids.Length; i++)
            {
                CollectionAssert.AreEqual(wantLabels[Array.IndexOf(allIds, rows.Ids[i])], rows.Labels[i], $"{set} {rows.Ids[i]}");
                int n = int.Parse(rows.Ids[i], System.Globalization.CultureInfo.InvariantCulture) - 6000;
                CollectionAssert.AreEqual(challengeRows.Ecgs[n], rows.Ecgs[i], $"signal of {rows.Ids[i]}");
            }
        }
        var test = PtbXlDataset.Open(temp.Path, new PtbXlOptions { Folds = PtbXlFolds.Test, MissingRecords = MissingRecordHandling.Skip });
        Assert.IsTrue(test.Folds.All(f => f == 10));
    }
}
