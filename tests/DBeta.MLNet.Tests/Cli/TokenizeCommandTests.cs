using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>Runs the built <c>dbeta tokenize</c> as a user would and compares it with the library.</summary>
[TestClass]
public sealed class TokenizeCommandTests
{
    private static readonly string Model = RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    [TestMethod]
    public void PrintsTheLibraryIdsOneLinePerText()
    {
        var (code, output, _) = DBetaCli.Run("tokenize", "--tokenizer", Model, "QRS 130 ms, rSR' in V1 ~{}", "Sinus rhythm");
        Assert.AreEqual(0, code);
        var tokenizer = DBetaTextTokenizer.Load(Model);
        string[] lines = output.TrimEnd('\n').Split('\n');
        Assert.HasCount(2, lines);
        Assert.AreEqual(string.Join(' ', tokenizer.Encode("QRS 130 ms, rSR' in V1 ~{}")), lines[0]);
        Assert.AreEqual(string.Join(' ', tokenizer.Encode("Sinus rhythm")), lines[1]);
    }

    [TestMethod]
    public void PiecesAndNoLowercasePrintOneTokenPerLine()
    {
        var (code, output, _) = DBetaCli.Run("tokenize", "--tokenizer", Model, "--no-lowercase", "--pieces", "QRS ~{}\u0001");
        Assert.AreEqual(0, code);
        var tokens = DBetaTextTokenizer.Load(Model, new DBetaTextTokenizerOptions { Lowercase = false }).Tokenize("QRS ~{}\u0001");
        string[] lines = output.TrimEnd('\n').Split('\n');
        CollectionAssert.AreEqual(tokens.Select(t => $"{t.Id}\t{t.Piece}").ToArray(), lines);
        Assert.AreEqual("1\t</s>", lines[^1]);
    }

    [TestMethod]
    public void ABadModelIsOneErrorLineAndExitCode1()
    {
        var (code, _, error) = DBetaCli.Run("tokenize", "--tokenizer", RepoPaths.Fixture("tokenizer", "clinical-bpe.model"), "sinus rhythm");
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, "clinical-bpe.model: is a BPE SentencePiece model");
    }
}
