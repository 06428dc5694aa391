using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Data.Datasets;

/// <summary>
/// Challenge 2020/2021 records: labels from <c>#Dx</c> SNOMED CT codes against <c>make_challenge_code_table.py</c>
/// (which reads the headers and the Challenge's tables on its own), the merged pairs, the record columns, bad headers.
/// </summary>
[TestClass]
public sealed class ChallengeDatasetTests
{
    private sealed record Reference(string[] Classes, ReferenceRecord[] Records, Dictionary<string, int> Outside);

    private sealed record ReferenceRecord(string Id, string[] Codes, double? Age, string Sex, string Source, int[] Labels);

    private static Reference LoadReference() => JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(RepoPaths.Fixture("data", "challenge2021", "labels.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [TestMethod]
    public void SharedRecordsGetTheLabelsTheReferenceScriptComputes()
    {
        var reference = LoadReference();
        var dataset = ChallengeDataset.Open(RepoPaths.SharedData("challenge2021"));
        CollectionAssert.AreEqual(reference.Classes, dataset.Labels.Names.ToArray());
        CollectionAssert.AreEqual(reference.Records.Select(r => r.Id).ToArray(), dataset.Ids.ToArray());
        int positives = 0;
        for (int r = 0; r < reference.Records.Length; r++)
        {
            var expected = reference.Records[r];
            var record = dataset.Records[r];
            CollectionAssert.AreEqual(expected.Codes, record.Codes.ToArray(), expected.Id);
            Assert.AreEqual(expected.Sex, record.Sex, expected.Id);
            Assert.AreEqual(expected.Source, record.Database, expected.Id);
            Assert.AreEqual(expected.Age ?? double.NaN, record.Age, expected.Id);
            for (int k = 0; k < expected.Labels.Length; k++)
                Assert.AreEqual(expected.Labels[k], dataset.Labels.Value(r, k), $"{expected.Id} {reference.Classes[k]}");
            positives += expected.Labels.Sum();
        }
        CollectionAssert.AreEquivalent(reference.Outside.ToArray(), dataset.CodesOutsideLabelSet.ToArray());
        Assert.HasCount(reference.Outside.Count, dataset.Notes);
        Console.WriteLine($"{dataset.Ids.Count} records, {positives} positive labels over {reference.Classes.Length} classes, {reference.Outside.Count} codes outside");
    }

    [TestMethod]
    public void TheViewCarriesLabelsAgeSexDatabaseAndTheCodesOfARealRecord()
    {
        var ml = new MLContext(seed: 1);
        var view = ml.Data.LoadChallengeEcgs(RepoPaths.SharedData("challenge2021", "JS00001.hea"));
        Assert.AreEqual((500.0, 5000, 1L), (view.SampleRate, view.SampleCount, view.GetRowCount()));
        // JS00001: #Age: 85, #Sex: Male, #Dx: 164889003,59118001,164934002 (AF, RBBB, T-wave abnormal).
        Assert.IsTrue(view.GetColumn<bool>("AF").Single());
        Assert.IsTrue(view.GetColumn<bool>("RBBB").Single());
        Assert.IsTrue(view.GetColumn<bool>("TAb").Single());
        Assert.IsFalse(view.GetColumn<bool>("NSR").Single());
        Assert.AreEqual(3f, view.GetColumn<VBuffer<float>>(DBetaColumnNames.Labels).Single().DenseValues().Sum());
        Assert.AreEqual("164889003,59118001,164934002", view.GetColumn<ReadOnlyMemory<char>>("Dx").Single().ToString());
        Assert.AreEqual("Male", view.GetColumn<ReadOnlyMemory<char>>("Sex").Single().ToString());
        Assert.AreEqual("Chapman-Shaoxing-Ningbo", view.GetColumn<ReadOnlyMemory<char>>("Database").Single().ToString());
        Assert.AreEqual(85f, view.GetColumn<float>("Age").Single());
    }

    [TestMethod]
    [DataRow("59118001", "RBBB")]
    [DataRow("713427006", "RBBB")]
    [DataRow("284470004", "PAC")]
    [DataRow("63593006", "PAC")]
    [DataRow("427172004", "PVC")]
    [DataRow("17338001", "PVC")]
    [DataRow("733534002", "LBBB")]
    [DataRow("164909002", "LBBB")]
    public void EachCodeOfAMergedPairCountsForItsClass(string code, string label)
    {
        using var folder = new TempFolder();
        ChallengeRecordFiles.Write(folder.Path, "A0001", "#Age: 50", "#Sex: Female", $"#Dx: {code}");
        var dataset = ChallengeDataset.Open(folder.Path);
        Assert.HasCount(26, dataset.Labels.Names);
        for (int k = 0; k < dataset.Labels.Names.Count; k++)
            Assert.AreEqual(dataset.Labels.Names[k] == label ? 1f : 0f, dataset.Labels.Value(0, k), dataset.Labels.Names[k]);
        Assert.AreEqual("CPSC2018", dataset.Records[0].Database);
    }

    [TestMethod]
    public void AllCodesAddsAColumnPerCodeOutsideTheScoredClasses()
    {
        var reference = LoadReference();
        var dataset = ChallengeDataset.Open(RepoPaths.SharedData("challenge2021"), new ChallengeLoaderOptions { LabelSet = ChallengeLabelSet.AllCodes });
        var table = ChallengeCodeTable.Default;
        string[] extra = [.. dataset.Labels.Names.Skip(26)];
        CollectionAssert.AreEquivalent(reference.Outside.Keys.Select(c => table.Find(c)!.Abbreviation).ToArray(), extra);
        Assert.IsEmpty(dataset.Notes);
        for (int k = 26; k < dataset.Labels.Names.Count; k++)
        {
            string code = reference.Outside.Keys.Single(c => table.Find(c)!.Abbreviation == dataset.Labels.Names[k]);
            int count = Enumerable.Range(0, dataset.Ids.Count).Count(r => dataset.Labels.Value(r, k) == 1);
            Assert.AreEqual(reference.Outside[code], count, $"{code} ({dataset.Labels.Names[k]})");
        }
    }

    [TestMethod]
    public void AnUnknownCodeIsRejectedOrKeptByItsCode()
    {
        using var folder = new TempFolder();
        string header = ChallengeRecordFiles.Write(folder.Path, "E00001", "#Age: NaN", "#Sex: Unknown", "#Dx: 164889003,999999999");
        var e = Assert.ThrowsExactly<EcgDataException>(() => ChallengeDataset.Open(folder.Path));
        Assert.AreEqual(header, e.FilePath);
        Assert.AreEqual("E00001", e.Record);
        StringAssert.Contains(e.Message, "999999999");
        var kept = ChallengeDataset.Open(folder.Path, new ChallengeLoaderOptions { UnknownCodes = ChallengeUnknownCodes.Keep, LabelSet = ChallengeLabelSet.AllCodes });
        Assert.AreEqual("999999999", kept.Labels.Names[^1]);
        Assert.AreEqual(1f, kept.Labels.Value(0, kept.Labels.Names.Count - 1));
        Assert.AreEqual(1f, kept.Labels.Value(0, 0), "AF");
        Assert.IsTrue(float.IsNaN(kept.Records[0].Age));
        Assert.AreEqual("", kept.Records[0].Sex);
    }

    [TestMethod]
    [DataRow("#Dx: 164889003;59118001", "'164889003;59118001' is not a SNOMED CT code")]
    [DataRow("#Dx: 164889003,,59118001", "'' is not a SNOMED CT code")]
    [DataRow("#Age: 40", "has no '#Dx:' line")]
    public void AMalformedHeaderNamesTheFileTheRecordAndTheProblem(string comment, string problem)
    {
        using var folder = new TempFolder();
        string header = ChallengeRecordFiles.Write(folder.Path, "Q0001", comment);
        var e = Assert.ThrowsExactly<EcgDataException>(() => new MLContext().Data.LoadChallengeEcgs(folder.Path));
        Assert.AreEqual(header, e.FilePath);
        Assert.AreEqual("Q0001", e.Record);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void RecordsInSubfoldersOfDifferentLengthsLoadTogether()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "g1"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "g2"));
        ChallengeRecordFiles.Write(Path.Combine(folder.Path, "g1"), "I0001", "#Dx: 426783006");
        string longer = ChallengeRecordFiles.Write(Path.Combine(folder.Path, "g2"), "S0001", "#Dx: 164889003");
        // Make the second record 257 Hz (INCART's rate) and keep 301 samples: fitting resamples it to 586.
        File.WriteAllLines(longer, File.ReadAllLines(longer).Select((l, i) => i == 0 ? "S0001 12 257 301" : l));
        var view = new MLContext().Data.LoadChallengeEcgs(folder.Path, new ChallengeLoaderOptions { Fit = new EcgFitOptions { SampleCount = 600 } });
        CollectionAssert.AreEqual(new[] { "I0001", "S0001" }, view.GetColumn<ReadOnlyMemory<char>>(DBetaColumnNames.Id).Select(m => m.ToString()).ToArray());
        CollectionAssert.AreEqual(new[] { "INCART", "PTB" }, view.GetColumn<ReadOnlyMemory<char>>("Database").Select(m => m.ToString()).ToArray());
        var ecgs = view.GetColumn<VBuffer<float>>(DBetaColumnNames.Ecg).Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.AreEqual(0f, ecgs[0][301..600].Max(Math.Abs), "the 500-Hz record is padded after its 301 samples");
        Assert.AreNotEqual(0f, ecgs[1][500..586].Max(Math.Abs), "the 257-Hz record has 586 samples at 500 Hz");
        Assert.AreEqual(0f, ecgs[1][586..600].Max(Math.Abs), "and is padded after them");
    }
}
