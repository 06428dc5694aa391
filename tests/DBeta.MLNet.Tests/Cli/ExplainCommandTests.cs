using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta explain</c> as a user runs it: a probe saved by <c>dbeta probe --save</c>, or a zero-shot prompt.</summary>
[TestClass]
public sealed class ExplainCommandTests
{
    private static readonly string Code = RepoPaths.Fixture("data", "hdf5", "code_gzip_shuffle.h5");

    [TestMethod]
    public void AProbesLabelAndAPromptAreExplainedIntoAPng()
    {
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("synth", "--count", "40", "--seed", "3", "--out", temp.File("d.h5"), "--labels", temp.File("l.csv"));
        Assert.AreEqual(0, code, error);
        (code, _, error) = DBetaCli.Run("embed", "--model", TinyModels.EcgModel, "--input", temp.File("d.h5"), "--out", temp.File("e.npy"));
        Assert.AreEqual(0, code, error);
        (code, _, error) = DBetaCli.Run("probe", "--train", temp.File("e.npy"), "--train-labels", temp.File("l.csv"), "--test", temp.File("e.npy"),
            "--test-labels", temp.File("l.csv"), "--save", temp.File("probe.zip"));
        Assert.AreEqual(0, code, error);

        (code, string output, error) = DBetaCli.Run("explain", "--model", TinyModels.EcgModel, "--input", temp.File("d.h5"), "--index", "1",
            "--probe", temp.File("probe.zip"), "--label", "AF", "--window", "1", "--out", temp.File("probe.png"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "Probability.AF = ");
        StringAssert.Contains(output, $"wrote {temp.File("probe.png")}: {1 + 12 + 12 * 11} ECGs scored"); // 10.24 s in 1-s windows: 11
        Assert.IsGreaterThan(10_000L, new FileInfo(temp.File("probe.png")).Length);

        (code, output, error) = DBetaCli.Run("explain", "--model", TinyModels.EcgModel, "--input", temp.File("d.h5"), "--index", "1",
            "--prompt", "atrial fibrillation", "--text-model", TinyModels.TextModel, "--tokenizer", RepoPaths.Fixture("tokenizer", "clinical-unigram.model"),
            "--window", "2.5", "--out", temp.File("prompt.png"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "Scores[0] = ");
        Assert.IsTrue(File.Exists(temp.File("prompt.png")));
    }

    [TestMethod]
    public void AWrongLabelOrAMissingQueryIsOneLineAndNoFile()
    {
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("explain", "--model", TinyModels.EcgModel, "--input", Code, "--out", temp.File("x.png"));
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "explain one score");
        (code, _, error) = DBetaCli.Run("explain", "--model", TinyModels.EcgModel, "--input", Code, "--probe", temp.File("none.zip"), "--label", "AF", "--out", temp.File("x.png"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "probe not found");
        Assert.IsFalse(File.Exists(temp.File("x.png")));
    }
}
