using System.Globalization;
using DBeta.MLNet.Tests.Evaluation;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>Runs the built <c>dbeta roc</c> as a user would.</summary>
[TestClass]
public sealed class RocCommandTests
{
    private static string Probes(string file) => RepoPaths.Fixture("probes", file);

    [TestMethod]
    public void PrintsScikitLearnsAurocPerLabelAndWritesThePlot()
    {
        using var temp = new TempFolder();
        string png = temp.File("out/roc.png");
        var (code, output, error) = DBetaCli.Run("roc", "--scores", Probes("sklearn_lr_test_probabilities.csv"), "--labels", Probes("test_labels.csv"), "--out", png);
        Assert.AreEqual(0, code, error);
        var sklearn = SklearnProbe.Load();
        foreach (string label in sklearn.Labels)
        {
            string row = output.Split('\n').Single(l => l.StartsWith(label + " ", StringComparison.Ordinal));
            StringAssert.Contains(row, sklearn.PerLabel[label].Auroc.ToString("0.0000", CultureInfo.InvariantCulture), row);
        }
        StringAssert.Contains(output, "wrote " + png);
        byte[] header = File.ReadAllBytes(png)[..8];
        CollectionAssert.AreEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, header);
    }

    [TestMethod]
    public void BootstrapIntervalsArePrintedAsTheLibraryComputesThem()
    {
        using var temp = new TempFolder();
        string scores = Probes("sklearn_lr_test_probabilities.csv"), labels = Probes("test_labels.csv");
        var (code, output, error) = DBetaCli.Run("roc", "--scores", scores, "--labels", labels, "--out", temp.File("r.png"), "--bootstrap", "200", "--bootstrap-seed", "5");
        Assert.AreEqual(0, code, error);
        var metrics = MultiLabelEvaluator.EvaluateFiles(scores, labels, bootstrap: new AurocBootstrapOptions { Resamples = 200, Seed = 5 });
        StringAssert.Contains(output, "95% CI");
        StringAssert.Contains(output, metrics.MacroAurocInterval!.ToString());
        foreach (var label in metrics.PerLabel.Where(m => m.AurocInterval is not null))
            StringAssert.Contains(output, label.AurocInterval!.ToString(), label.Label);
        (code, _, error) = DBetaCli.Run("roc", "--scores", scores, "--labels", labels, "--out", temp.File("x.png"), "--bootstrap", "1");
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "--bootstrap needs at least 2 resamples");
    }

    [TestMethod]
    public void BadFilesAreOneErrorLineAndNoPlot()
    {
        using var temp = new TempFolder();
        string png = temp.File("roc.png");
        string[] scores = File.ReadAllLines(Probes("sklearn_lr_test_probabilities.csv"));

        string shortScores = temp.File("short.csv");
        File.WriteAllLines(shortScores, scores[..11]);
        AssertError(DBetaCli.Run("roc", "--scores", shortScores, "--labels", Probes("test_labels.csv"), "--out", png),
            shortScores + ": has 10 rows but");

        string missing = temp.File("missing.csv");
        File.WriteAllLines(missing, scores.Select(l => string.Join(',', l.Split(',')[..5])));
        AssertError(DBetaCli.Run("roc", "--scores", missing, "--labels", Probes("test_labels.csv"), "--out", png),
            missing + ": has no column 'ST'");

        string text = temp.File("text.csv");
        File.WriteAllLines(text, [scores[0], "0.1,0.2,high,0.1,0.1,0.1", .. scores[2..]]);
        AssertError(DBetaCli.Run("roc", "--scores", text, "--labels", Probes("test_labels.csv"), "--out", png),
            text + ": row 1 (line 2), column 'LBBB': 'high' is not a finite number");

        Assert.IsFalse(File.Exists(png));
    }

    private static void AssertError((int Code, string Output, string Error) run, string expected)
    {
        Assert.AreEqual(1, run.Code, run.Output + run.Error);
        StringAssert.StartsWith(run.Error, "error: ");
        StringAssert.Contains(run.Error, expected);
    }
}
