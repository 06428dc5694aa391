using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>Runs the built <c>dbeta probe</c> as a user would and compares it with the library.</summary>
[TestClass]
public sealed class ProbeCommandTests
{
    private static string Probes(string file) => RepoPaths.Fixture("probes", file);

    private static string[] Args(string testLabels, params string[] more) =>
    [
        "probe", "--train", Probes("train_embeddings.npy"), "--train-labels", Probes("train_labels.csv"),
        "--test", Probes("test_embeddings.npy"), "--test-labels", testLabels, .. more,
    ];

    [TestMethod]
    public void PrintsTheLibrarysTableAndSavesAModelAnotherProcessCanLoad()
    {
        using var temp = new TempFolder();
        string zip = temp.File("probe.zip");
        var (code, output, error) = DBetaCli.Run(Args(Probes("test_labels.csv"), "--head", "lr", "--fraction", "0.5", "--seed", "9", "--save", zip));
        Assert.AreEqual(0, code, error);

        // The same probe trained here: the CLI's table is the library's, and its saved model predicts identically.
        var train = EmbeddingDataset.Load(Probes("train_embeddings.npy"), Probes("train_labels.csv"));
        var test = EmbeddingDataset.Load(Probes("test_embeddings.npy"), Probes("test_labels.csv"));
        var here = new MultiLabelProbeEstimator(new() { LabelFraction = 0.5, Seed = 9 }).Fit(train);
        var metrics = MultiLabelEvaluator.Evaluate(here.Transform(test), CodeLabels.Names);
        StringAssert.Contains(output, metrics.ToTable());
        int used = LabelFractionSampler.SelectRows(train, CodeLabels.Names, 0.5, 9).Length;
        StringAssert.Contains(output, $"training on {used} of 600 rows (fraction 0.5, seed 9)");
        StringAssert.Contains(output, "saved " + zip);

        var loaded = new MLContext(0).Model.Load(zip, out var inputSchema);
        CollectionAssert.AreEqual(new[] { "Embedding" }, inputSchema.Select(c => c.Name).ToArray(), "the saved input schema is the embedding alone");
        var fromCli = loaded.Transform(test).GetColumn<float[]>("Probabilities").ToArray();
        var fromHere = here.Transform(test).GetColumn<float[]>("Probabilities").ToArray();
        for (int i = 0; i < fromHere.Length; i++) CollectionAssert.AreEqual(fromHere[i], fromCli[i], $"row {i}");
    }

    [TestMethod]
    [DataRow("sdca")]
    [DataRow("fasttree")]
    [DataRow("lightgbm")]
    public void EveryHeadRuns(string head)
    {
        var (code, output, error) = DBetaCli.Run(Args(Probes("test_labels.csv"), "--head", head, "--fraction", "0.3"));
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, $"probe: {head} on 64-d embeddings, 6 labels");
        string macro = output.Split('\n').Single(l => l.StartsWith("macro", StringComparison.Ordinal));
        double auroc = double.Parse(macro.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        Assert.IsGreaterThan(0.75, auroc, output);
    }

    [TestMethod]
    public void BadFilesAreOneErrorLineNamingTheFile()
    {
        using var temp = new TempFolder();
        string[] lines = File.ReadAllLines(Probes("test_labels.csv"));

        string shortFile = temp.File("short.csv");
        File.WriteAllLines(shortFile, lines[..100]);
        AssertError(DBetaCli.Run(Args(shortFile)), shortFile + ": has 99 label rows but");

        string renamed = temp.File("renamed.csv");
        File.WriteAllLines(renamed, [lines[0].Replace("RBBB", "RBB"), .. lines[1..]]);
        AssertError(DBetaCli.Run(Args(renamed)), renamed + ": has no column 'RBBB'");

        string text = temp.File("text.csv");
        File.WriteAllLines(text, [lines[0], "0,1,0,yes,0,0", .. lines[2..]]);
        AssertError(DBetaCli.Run(Args(text)), text + ": row 1 (line 2), column 'SB': 'yes' is not a binary label");

        string noPositive = temp.File("no_sb.csv");
        File.WriteAllLines(noPositive, File.ReadAllLines(Probes("train_labels.csv"))
            .Select((l, i) => i == 0 ? l : string.Join(',', l.Split(',').Select((v, j) => j == 3 ? "0" : v))));
        AssertError(DBetaCli.Run("probe", "--train", Probes("train_embeddings.npy"), "--train-labels", noPositive,
            "--test", Probes("test_embeddings.npy"), "--test-labels", Probes("test_labels.csv")),
            noPositive + ": Label column 'SB' has no positive rows among the 600 training rows");

        string narrow = temp.File("narrow.npy");
        NpyWriter.Write(narrow, new float[300 * 32], 300, 32);
        AssertError(DBetaCli.Run("probe", "--train", Probes("train_embeddings.npy"), "--train-labels", Probes("train_labels.csv"),
            "--test", narrow, "--test-labels", Probes("test_labels.csv")), narrow + ": holds 32-d embeddings but");

        var (code, _, error) = DBetaCli.Run(Args(Probes("test_labels.csv"), "--fraction", "1.5"));
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "--fraction must be in (0, 1]");
        Assert.IsFalse(Directory.EnumerateFileSystemEntries(temp.Path).Any(p => p.EndsWith(".zip", StringComparison.Ordinal)));
    }

    private static void AssertError((int Code, string Output, string Error) run, string expected)
    {
        Assert.AreEqual(1, run.Code, run.Output + run.Error);
        StringAssert.StartsWith(run.Error, "error: ");
        StringAssert.Contains(run.Error, expected);
    }
}
