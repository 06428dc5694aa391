using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.Data.Datasets;

/// <summary>
/// CODE-15% in its own layout against tests/reference/make_code15_fixtures.py: two gzip-compressed HDF5 parts with a
/// zero padding row each, exams.csv in shuffled order with exams of an absent part; order, labels, skipped rows and
/// per-exam signal sums as h5py and csv read them.
/// </summary>
[TestClass]
public sealed class Code15DatasetTests
{
    private static readonly string Folder = RepoPaths.Fixture("data", "datasets", "code15");
    private static readonly string Tree = Path.Combine(Folder, "tree");
    private static readonly MLContext Ml = new(seed: 1);
    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement;

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static string IdOf(string skipped) => skipped[..skipped.IndexOf(':')];

    [TestMethod]
    public void PartsJoinExamsCsvInNaturalPartOrderWithPaddingRowsLeftOut()
    {
        var view = Ml.Data.LoadCode15(Tree, new Code15Options { BlockSize = 3 });
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("names")), view.LabelNames.ToArray());
        CollectionAssert.AreEqual(CodeLabels.Names.ToArray(), view.LabelNames.ToArray());
        Assert.AreEqual(400.0, view.SampleRate);
        Assert.AreEqual(Expected.GetProperty("samples").GetInt32(), view.SampleCount);

        var rows = EcgViewRows.Read(view);
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("ids")), rows.Ids);
        var labels = Expected.GetProperty("labels").EnumerateArray().Select(r => r.EnumerateArray().Select(v => (float)v.GetInt32()).ToArray()).ToArray();
        for (int i = 0; i < labels.Length; i++) CollectionAssert.AreEqual(labels[i], rows.Labels[i], $"exam {rows.Ids[i]}");

        var skipped = Expected.GetProperty("skipped").EnumerateArray().ToArray();
        Assert.AreEqual(skipped.Length, view.SkippedRecords.Count);
        for (int i = 0; i < skipped.Length; i++)
        {
            Assert.AreEqual(skipped[i].GetProperty("id").GetString(), IdOf(view.SkippedRecords[i]));
            StringAssert.Contains(view.SkippedRecords[i], $"row {skipped[i].GetProperty("row").GetInt32()} of {skipped[i].GetProperty("part").GetString()}");
            StringAssert.Contains(view.SkippedRecords[i], "padding row");
        }
        Assert.AreEqual(Expected.GetProperty("exams_in_absent_parts").GetInt32(), Code15Dataset.Open(Tree, new Code15Options()).ExamsInAbsentParts);
    }

    [TestMethod]
    public void EachExamReadsItsOwnTracingAcrossPartsAndBlocks()
    {
        foreach (int block in new[] { 1, 4, 32 })
        {
            var rows = EcgViewRows.Read(Ml.Data.LoadCode15(Tree, new Code15Options { BlockSize = block }));
            int t = rows.Ecgs[0].Length / 12;
            for (int r = 0; r < rows.Ids.Length; r++)
            {
                var expected = Expected.GetProperty("signals").GetProperty(rows.Ids[r]);
                var sums = expected.GetProperty("lead_sums").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var at48 = expected.GetProperty("sample_48").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var at2000 = expected.GetProperty("sample_2000").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                for (int lead = 0; lead < 12; lead++)
                {
                    var samples = rows.Ecgs[r].AsSpan(lead * t, t);
                    double sum = 0;
                    foreach (float v in samples) sum += v;
                    Assert.AreEqual(sums[lead], sum, 1e-6, $"block {block}, exam {rows.Ids[r]}, lead {lead}");
                    Assert.AreEqual(at48[lead], samples[48], $"block {block}, exam {rows.Ids[r]}, lead {lead}");
                    Assert.AreEqual(at2000[lead], samples[2000], $"block {block}, exam {rows.Ids[r]}, lead {lead}");
                }
            }
        }
    }

    [TestMethod]
    public void OnePartLoadsWithTheTableBesideIt()
    {
        var dataset = Code15Dataset.Open(Path.Combine(Tree, "exams_part10.hdf5"), new Code15Options());
        string[] all = Strings(Expected.GetProperty("ids"));
        CollectionAssert.AreEqual(all.Where(id => id.StartsWith('3')).ToArray(), dataset.Ids.ToArray());
        Assert.AreEqual(1, dataset.Skipped.Count);
        IEcgDataset contract = dataset;
        CollectionAssert.AreEqual(contract.Ids.ToArray(), contract.Labels.Ids!.ToArray());
        using var source = contract.OpenSource();
        Assert.AreEqual(dataset.Ids.Count, source.Count);
        for (int i = 0; i < source.Count; i++) Assert.AreEqual(dataset.Ids[i], source.GetId(i));
        Assert.AreEqual(dataset.Ids.Count, dataset.PatientIds.Count);
    }

    [TestMethod]
    public void APartWithoutExamIdIsAnErrorNamingIt()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadCode15(Path.Combine(Folder, "bad", "no_exam_id")));
        Assert.AreEqual("exams_part0.hdf5", Path.GetFileName(e.FilePath));
        StringAssert.Contains(e.Problem, "'exam_id'");
    }

    [TestMethod]
    public void AnExamItsPartLacksIsNamedOrSkippedAndListed()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string table = temp.File("exams.csv");
        File.AppendAllText(table, "1999,40,False,41.0,False,True,False,False,False,False,12,,,False,exams_part2.hdf5\n");
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadCode15(temp.Path));
        Assert.AreEqual(table, e.FilePath);
        StringAssert.Contains(e.Problem, "1999: missing on disk");
        StringAssert.Contains(e.Problem, "exams_part2.hdf5");

        var view = Ml.Data.LoadCode15(temp.Path, new Code15Options { MissingRecords = MissingRecordHandling.Skip });
        CollectionAssert.AreEqual(Strings(Expected.GetProperty("ids")), EcgViewRows.Read(view).Ids);
        CollectionAssert.Contains(view.SkippedRecords.Select(IdOf).ToArray(), "1999");
    }

    [TestMethod]
    public void ALabelThatIsNotTrueOrFalseNamesRowLineAndColumn()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string table = temp.File("exams.csv");
        var lines = File.ReadAllLines(table);
        var fields = lines[2].Split(',');
        fields[5] = "maybe"; // RBBB
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(table, lines);
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadCode15(temp.Path));
        StringAssert.Contains(e.Problem, "row 2 (line 3), column 'RBBB': 'maybe'");
        Assert.AreEqual(fields[0], e.Record);
    }

    [TestMethod]
    public void AnExamInTwoRowsOfTheTableIsAnError()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        string table = temp.File("exams.csv");
        var lines = File.ReadAllLines(table);
        File.AppendAllLines(table, [lines[3]]);
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadCode15(temp.Path));
        StringAssert.Contains(e.Problem, $"row {lines.Length} (line {lines.Length + 1}): exam_id {lines[3][..lines[3].IndexOf(',')]} appears again (first on line 4)");
    }

    [TestMethod]
    public void AnExamInTwoPartsIsAnError()
    {
        using var temp = new TempFolder();
        TreeCopy.Copy(Tree, temp.Path);
        File.Copy(temp.File("exams_part2.hdf5"), temp.File("exams_part3.hdf5"));
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadCode15(temp.Path));
        Assert.AreEqual("exams_part3.hdf5", Path.GetFileName(e.FilePath));
        StringAssert.Contains(e.Problem, "row 0 of exams_part2.hdf5 has too");
    }

    [TestMethod]
    public void NoTableOrNoPartsAreErrors()
    {
        using var temp = new TempFolder();
        Assert.ThrowsExactly<EcgDataException>(() => Ml.Data.LoadCode15(temp.Path));
        File.Copy(Path.Combine(Tree, "exams_part2.hdf5"), temp.File("exams_part2.hdf5"));
        Assert.ThrowsExactly<FileNotFoundException>(() => Ml.Data.LoadCode15(temp.Path));
    }

    [TestMethod]
    public void FileNamesSortWithTheirNumbersAsNumbers()
    {
        string[] names = ["exams_part10.hdf5", "exams_part2.hdf5", "exams_part0.hdf5", "exams_part17.hdf5", "exams_part1.hdf5", "a.h5"];
        CollectionAssert.AreEqual(new[] { "a.h5", "exams_part0.hdf5", "exams_part1.hdf5", "exams_part2.hdf5", "exams_part10.hdf5", "exams_part17.hdf5" },
            names.Order(NaturalFileOrder.Instance).ToArray());
    }
}
