using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data.Datasets;

/// <summary>
/// Zero-shot prompts made from a dataset's own label descriptions: PTB-XL's real statement table, the Challenge's SNOMED
/// CT names on the real records, this project's CODE prompts; labels without words are listed, never prompted with a code.
/// </summary>
[TestClass]
public sealed class EcgLabelPromptsTests
{
    private static PtbXlDataset SharedPtbXl(PtbXlLabelSet set) => PtbXlDataset.Open(RepoPaths.SharedData("ptbxl"),
        new PtbXlOptions { LabelSet = set, SampleRate = 100, MissingRecords = MissingRecordHandling.Skip });

    [TestMethod]
    [DataRow(PtbXlLabelSet.All)]
    [DataRow(PtbXlLabelSet.Diagnostic)]
    [DataRow(PtbXlLabelSet.Form)]
    [DataRow(PtbXlLabelSet.Rhythm)]
    public void PtbXlStatementsArePromptedWithTheirDescriptionColumn(PtbXlLabelSet set)
    {
        var dataset = SharedPtbXl(set);
        var descriptions = ReadDescriptions(Path.Combine(RepoPaths.SharedData("ptbxl"), "scp_statements.csv"));
        var prompts = EcgLabelPrompts.For(dataset);
        CollectionAssert.AreEqual(dataset.Labels.Names.ToArray(), prompts.Labels.ToArray());
        foreach (string label in prompts.Labels) Assert.AreEqual(descriptions[label], prompts[label], label);
        Assert.IsEmpty(EcgLabelPrompts.Unworded(dataset));
    }

    [TestMethod]
    public void PtbXlClassesUseTheProjectsWordingForEveryClassAndSubclassOfTheRealTable()
    {
        var super = EcgLabelPrompts.For(SharedPtbXl(PtbXlLabelSet.Superdiagnostic));
        CollectionAssert.AreEqual(new[] { "CD", "HYP", "MI", "NORM", "STTC" }, super.Labels.ToArray());
        Assert.AreEqual("myocardial infarction", super["MI"]);
        Assert.AreEqual("conduction disturbance", super["CD"]);

        var sub = SharedPtbXl(PtbXlLabelSet.Subdiagnostic);
        var subPrompts = EcgLabelPrompts.For(sub);
        Assert.HasCount(23, subPrompts.Labels);
        Assert.IsEmpty(EcgLabelPrompts.Unworded(sub));
        Assert.AreEqual("left anterior or left posterior fascicular block", subPrompts["LAFB/LPFB"]);
        Assert.AreEqual("atrioventricular block", subPrompts["_AVB"]);
    }

    [TestMethod]
    public void ChallengeScoredClassesArePromptedWithTheirSnomedNames()
    {
        var dataset = ChallengeDataset.Open(RepoPaths.SharedData("challenge2021"));
        var prompts = EcgLabelPrompts.For(dataset);
        Assert.HasCount(26, prompts.Labels);
        Assert.AreEqual("atrial fibrillation", prompts["AF"]);
        Assert.AreEqual("sinus rhythm", prompts["NSR"]);
        // Merged pairs take the name of the code that names the class, not of its partner (CRBBB, SVPB, VPB, CLBBB).
        Assert.AreEqual("right bundle branch block", prompts["RBBB"]);
        Assert.AreEqual("premature atrial contraction", prompts["PAC"]);
        Assert.AreEqual("premature ventricular contractions", prompts["PVC"]);
        Assert.AreEqual("left bundle branch block", prompts["LBBB"]);
    }

    [TestMethod]
    public void ACodeOutsideTheChallengeTablesIsListedAndNotPrompted()
    {
        using var folder = new TempFolder();
        ChallengeRecordFiles.Write(folder.Path, "E00001", "#Age: 60", "#Sex: Male", "#Dx: 164889003,251180001,999999999");
        var dataset = ChallengeDataset.Open(folder.Path, new ChallengeLoaderOptions { UnknownCodes = ChallengeUnknownCodes.Keep, LabelSet = ChallengeLabelSet.AllCodes });
        var prompts = EcgLabelPrompts.For(dataset);
        CollectionAssert.AreEqual(new[] { "999999999" }, EcgLabelPrompts.Unworded(dataset).ToArray());
        Assert.AreEqual(-1, prompts.IndexOf("999999999"));
        Assert.AreEqual(dataset.Labels.Names.Count - 1, prompts.Count);
        Assert.AreEqual(ChallengeCodeTable.Default.Find("251180001")!.Name, prompts[ChallengeCodeTable.Default.Find("251180001")!.Abbreviation]);
    }

    [TestMethod]
    public void Code15LabelsUseTheProjectsCodePrompts()
    {
        var dataset = Code15Dataset.Open(Path.Combine(RepoPaths.Fixture("data", "datasets", "code15"), "tree"), new Code15Options());
        var prompts = EcgLabelPrompts.For(dataset);
        CollectionAssert.AreEqual(dataset.Labels.Names.ToArray(), prompts.Labels.ToArray());
        foreach (string label in prompts.Labels) Assert.AreEqual(PromptSet.CodeDefaults[label], prompts[label]);
    }

    /// <summary>The description column of scp_statements.csv by code, read with .NET's own parser of quoted CSV fields (Microsoft.VisualBasic's TextFieldParser).</summary>
    private static Dictionary<string, string> ReadDescriptions(string path)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(path) { TextFieldType = Microsoft.VisualBasic.FileIO.FieldType.Delimited };
        parser.SetDelimiters(",");
        string[] header = parser.ReadFields()!;
        int description = Array.IndexOf(header, "description");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!parser.EndOfData)
        {
            string[] fields = parser.ReadFields()!;
            result[fields[0]] = fields[description];
        }
        return result;
    }
}
