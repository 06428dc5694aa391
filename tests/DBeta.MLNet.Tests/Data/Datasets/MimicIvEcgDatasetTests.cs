using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Data.Datasets;

/// <summary>
/// MIMIC-IV-ECG in its own layout against tests/reference/make_mimic_iv_ecg_fixtures.py: study ids, subject ids,
/// report texts joined by Python from the CSV, and per-lead sums in the standard lead order (MIMIC stores aVF before aVL).
/// </summary>
[TestClass]
public sealed class MimicIvEcgDatasetTests
{
    private static readonly string Folder = RepoPaths.Fixture("data", "datasets", "mimic-iv-ecg");
    private static readonly string Tree = Path.Combine(Folder, "tree");
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [TestMethod]
    public void RecordsComeWithStudyIdsReportsAndSubjectIdsAsTextColumns()
    {
        var view = Ml.Data.LoadMimicIvEcg(Tree);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema[DBetaColumnNames.Report].Type);
        Assert.AreEqual(TextDataViewType.Instance, view.Schema[DBetaColumnNames.SubjectId].Type);
        Assert.IsNull(view.Schema.GetColumnOrNull(DBetaColumnNames.Labels));
        Assert.AreEqual(0, view.LabelNames.Count);
        Assert.AreEqual(500.0, view.SampleRate);
        Assert.AreEqual(Expected.GetProperty("samples").GetInt32(), view.SampleCount);

        var rows = EcgViewRows.Read(view, DBetaColumnNames.Report, DBetaColumnNames.SubjectId);
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("ids")), rows.Ids);
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("reports")), rows.Texts[DBetaColumnNames.Report]);
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("subjects")), rows.Texts[DBetaColumnNames.SubjectId]);
        Assert.AreEqual(0, view.SkippedRecords.Count);
        Assert.AreEqual(Expected.GetProperty("without_report").GetInt32(), MimicIvEcgDataset.Open(Tree, new MimicIvEcgOptions()).StudiesWithoutReport);
    }

    [TestMethod]
    public void SignalsComeInTheStandardLeadOrderInMillivolts()
    {
        var rows = EcgViewRows.Read(Ml.Data.LoadMimicIvEcg(Tree, new MimicIvEcgOptions { BlockSize = 4 }));
        int t = Expected.GetProperty("samples").GetInt32();
        for (int r = 0; r < rows.Ids.Length; r++)
        {
            var sums = Expected.GetProperty("lead_sums").GetProperty(rows.Ids[r]).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            for (int lead = 0; lead < 12; lead++)
            {
                double sum = 0;
                foreach (float v in rows.Ecgs[r].AsSpan(lead * t, t)) sum += v;
                Assert.AreEqual(sums[lead], sum, 1e-4, $"study {rows.Ids[r]} lead {EcgLeads.Standard[lead]}");
            }
        }
    }

    [TestMethod]
    public void TheSeparatorAndTheMeasurementsFileAreOptions()
    {
        var dataset = MimicIvEcgDataset.Open(Tree, new MimicIvEcgOptions { ReportSeparator = " | " });
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("reports")).Select(r => r.Replace(". ", " | ", StringComparison.Ordinal)).ToArray(), dataset.Reports.ToArray());
        var none = MimicIvEcgDataset.Open(Tree, new MimicIvEcgOptions { MeasurementsFile = null });
        Assert.IsTrue(none.Reports.All(r => r.Length == 0));
        IEcgDataset contract = none;
        Assert.AreEqual(0, contract.Labels.Names.Count);
        CollectionAssert.AreEqual(contract.Ids.ToArray(), contract.Labels.Ids!.ToArray());
        using var source = contract.OpenSource();
        for (int i = 0; i < source.Count; i++) Assert.AreEqual(contract.Ids[i], source.GetId(i));
    }

    [TestMethod]
    public void MissingRecordsAreNamedOrSkippedAndListed()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string[] ids = Strings(Expected.GetProperty("ids"));
        var header = Directory.EnumerateFiles(temp.Path, ids[1] + ".hea", SearchOption.AllDirectories).Single();
        File.Delete(header);
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadMimicIvEcg(temp.Path));
        StringAssert.Contains(e.FilePath, "record_list.csv");
        StringAssert.Contains(e.Problem, $"{ids[1]}: missing on disk");

        var view = Ml.Data.LoadMimicIvEcg(temp.Path, new MimicIvEcgOptions { MissingRecords = MissingRecordHandling.Skip });
        var rows = EcgViewRows.Read(view, DBetaColumnNames.Report);
        CollectionAssert.AreEqual(ids.Where((_, i) => i != 1).ToArray(), rows.Ids);
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("reports")).Where((_, i) => i != 1).ToArray(), rows.Texts[DBetaColumnNames.Report]);
        Assert.AreEqual(1, view.SkippedRecords.Count);
        StringAssert.StartsWith(view.SkippedRecords[0], ids[1] + ": missing on disk");
    }

    [TestMethod]
    public void AStudyListedTwiceIsAnError()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string list = temp.File("record_list.csv");
        var lines = File.ReadAllLines(list);
        File.AppendAllLines(list, [lines[1]]);
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadMimicIvEcg(temp.Path));
        StringAssert.Contains(e.Problem, $"row {lines.Length} (line {lines.Length + 1})");
        StringAssert.Contains(e.Problem, "first on line 2");

        string measurements = temp.File("machine_measurements.csv");
        File.WriteAllLines(list, lines);
        var rowsOfMeasurements = File.ReadAllLines(measurements);
        File.AppendAllLines(measurements, [rowsOfMeasurements[1]]);
        e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadMimicIvEcg(temp.Path));
        StringAssert.Contains(e.FilePath, "machine_measurements.csv");
        StringAssert.Contains(e.Problem, "appears again");
    }
}
