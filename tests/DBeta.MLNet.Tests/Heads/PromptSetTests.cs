using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Heads;

[TestClass]
public sealed class PromptSetTests
{
    private static readonly string[] CodeLabels = ["1dAVb", "RBBB", "LBBB", "SB", "AF", "ST"];

    [TestMethod]
    public void CodeDefaultsCoverTheSixCodeClassesInOrder()
    {
        PromptSet prompts = PromptSet.CodeDefaults;
        CollectionAssert.AreEqual(CodeLabels, prompts.Labels.ToArray());
        Assert.AreEqual(6, prompts.Count);
        StringAssert.Contains(prompts["1dAVb"], "PR interval");
        StringAssert.Contains(prompts["SB"], "below 60");
        StringAssert.Contains(prompts["ST"], "above 100");
        Assert.AreEqual(4, prompts.IndexOf("AF"));
        Assert.AreEqual(-1, prompts.IndexOf("af"), "labels are case-sensitive");
        Assert.ThrowsExactly<KeyNotFoundException>(() => prompts["NORM"]);
    }

    [TestMethod]
    public void ShippedFileEqualsTheEmbeddedDefaults()
    {
        PromptSet file = PromptSet.Load(Path.Combine(RepoPaths.Root, "models", "prompts", "code-prompts.json"));
        CollectionAssert.AreEqual(PromptSet.CodeDefaults.Labels.ToArray(), file.Labels.ToArray());
        CollectionAssert.AreEqual(PromptSet.CodeDefaults.Descriptions.ToArray(), file.Descriptions.ToArray());
    }

    [TestMethod]
    public void LoadKeepsFileOrderAndSaveRoundTrips()
    {
        using var temp = new TempFolder();
        string path = temp.File("context.json");
        File.WriteAllText(path, "{ \"ST\": \"sinus tachycardia\", \"AF\": \"atrial fibrillation, \\\"irregular\\\"\", \"1dAVb\": \"pr > 200 ms\" }", Encoding.UTF8); // with a byte-order mark, as Windows editors write
        PromptSet prompts = PromptSet.Load(path);
        CollectionAssert.AreEqual(new[] { "ST", "AF", "1dAVb" }, prompts.Labels.ToArray());
        Assert.AreEqual("atrial fibrillation, \"irregular\"", prompts["AF"]);

        string copy = temp.File("copy.json");
        prompts.Save(copy);
        PromptSet again = PromptSet.Load(copy);
        CollectionAssert.AreEqual(prompts.Labels.ToArray(), again.Labels.ToArray());
        CollectionAssert.AreEqual(prompts.Descriptions.ToArray(), again.Descriptions.ToArray());
        StringAssert.Contains(File.ReadAllText(copy), "pr > 200 ms", "descriptions stay readable in the saved file");
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("[\"AF\"]", "expected a JSON object")]
    [DataRow("\"AF\"", "expected a JSON object")]
    [DataRow("{}", "has no prompts")]
    [DataRow("{\"AF\": 3}", "label 'AF': expected a description string, found a number")]
    [DataRow("{\"AF\": {\"text\": \"x\"}}", "found an object")]
    [DataRow("{\"AF\": null}", "found null")]
    [DataRow("{\"AF\": \"  \"}", "label 'AF': description is empty")]
    [DataRow("{\"\": \"atrial fibrillation\"}", "a label is empty")]
    [DataRow("{\"AF\": \"a\", \"AF\": \"b\"}", "label 'AF' appears twice")]
    [DataRow("{\"AF\": \"atrial fibrillation\"", "not valid JSON")]
    [DataRow("{\"AF\": \"a\"} {\"ST\": \"b\"}", "not valid JSON")]
    [DataRow("not json", "not valid JSON")]
    public void BadPromptFilesNameTheFileAndTheProblem(string json, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.File("prompts.json");
        File.WriteAllText(path, json);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => PromptSet.Load(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Problem, problem, e.Message);
    }

    [TestMethod]
    public void ConstructorChecksPairs()
    {
        Assert.ThrowsExactly<ArgumentException>(() => new PromptSet([]));
        Assert.ThrowsExactly<ArgumentException>(() => new PromptSet([new("AF", "")]));
        Assert.ThrowsExactly<ArgumentException>(() => new PromptSet([new("AF", "a"), new("AF", "b")]));
        Assert.ThrowsExactly<FileNotFoundException>(() => PromptSet.Load(Path.Combine(Path.GetTempPath(), "dbeta-missing-prompts.json")));
    }
}
