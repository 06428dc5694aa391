using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta embed-text</c>, run as a user would and compared with the library.</summary>
[TestClass]
public sealed class EmbedTextCommandTests
{
    private static string Tokenizer => RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    [TestMethod]
    public void WritesOneLowercasedPromptEmbeddingPerLabelAndPrintsTokenCounts()
    {
        using var temp = new TempFolder();
        var prompts = new PromptSet([new("AF", "Atrial FIBRILLATION with a fast ventricular response"), new("SB", "sinus bradycardia")]);
        prompts.Save(temp.File("prompts.json"));
        var (code, output, error) = DBetaCli.Run("embed-text", "--model", TinyModels.TextModel, "--tokenizer", Tokenizer,
            "--prompts", temp.File("prompts.json"), "--out", temp.File("text.npy"));
        Assert.AreEqual(0, code, error);

        var expected = PromptEmbeddings.Compute(prompts, TinyModels.TextModel, Tokenizer);
        using var npy = NpyReader.Open(temp.File("text.npy"));
        CollectionAssert.AreEqual(new long[] { 2, 32 }, npy.Shape.ToArray());
        CollectionAssert.AreEqual(expected.ToArray(), npy.ReadAll());
        var tokenizer = DBetaTextTokenizer.Load(Tokenizer);
        StringAssert.Contains(output, $"AF  {tokenizer.Encode(prompts["AF"]).Length} tokens\n");
        StringAssert.Contains(output, $"SB  {tokenizer.Encode(prompts["SB"]).Length} tokens\n");
        StringAssert.Contains(output, "[2, 32] float32");

        // --no-lowercase embeds the text as written: a different vector for the capitalised prompt only.
        (code, _, error) = DBetaCli.Run("embed-text", "--model", TinyModels.TextModel, "--tokenizer", Tokenizer,
            "--prompts", temp.File("prompts.json"), "--out", temp.File("cased.npy"), "--no-lowercase");
        Assert.AreEqual(0, code, error);
        using var cased = NpyReader.Open(temp.File("cased.npy"));
        float[] casedValues = cased.ReadAll();
        CollectionAssert.AreNotEqual(expected[0].ToArray(), casedValues[..32]);
        CollectionAssert.AreEqual(expected[1].ToArray(), casedValues[32..]);
    }

    [TestMethod]
    public void WithoutPromptsItEmbedsTheSixCodePrompts()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("embed-text", "--model", TinyModels.TextModel, "--tokenizer", Tokenizer, "--out", temp.File("code.npy"));
        Assert.AreEqual(0, code, error);
        using var npy = NpyReader.Open(temp.File("code.npy"));
        CollectionAssert.AreEqual(new long[] { 6, 32 }, npy.Shape.ToArray());
        foreach (string label in PromptSet.CodeDefaults.Labels) StringAssert.Contains(output, label);
    }

    [TestMethod]
    public void BadPromptFilesAreOneErrorLineAndNoOutput()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("list.json"), "[\"Atrial fibrillation\"]");
        foreach (var (prompts, message) in new[] { (temp.File("none.json"), "prompt file not found"), (temp.File("list.json"), "expected a JSON object") })
        {
            var (code, _, error) = DBetaCli.Run("embed-text", "--model", TinyModels.TextModel, "--tokenizer", Tokenizer, "--prompts", prompts, "--out", temp.File("x.npy"));
            Assert.AreEqual(1, code, error);
            StringAssert.StartsWith(error, "error: ");
            StringAssert.Contains(error, message);
            Assert.IsFalse(File.Exists(temp.File("x.npy")));
        }
    }
}
