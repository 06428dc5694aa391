using System.Buffers.Binary;
using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta evaluate</c> end to end on the 53 real Challenge records with the tiny random models, and its one-line errors.</summary>
[TestClass]
public sealed class EvaluateCommandTests
{
    [TestMethod]
    public void EvaluatesTheRealChallengeRecordsAndWritesResultsSplitAndPlot()
    {
        using var temp = new TempFolder();
        string[] args =
        [
            "evaluate", "--input", RepoPaths.SharedData("challenge2021"), "--model", TinyModels.EcgModel,
            "--text-model", TinyModels.TextModel, "--tokenizer", RepoPaths.Fixture("tokenizer", "clinical-unigram.model"),
            "--fractions", "0.1,1", "--heads", "lbfgs,lightgbm", "--l2-grid", "0.1,1,10", "--bootstrap", "200",
            "--min-test-positives", "1", "--train-fraction", "0.5", "--validation-fraction", "0.2",
            "--cache", temp.File("cache"), "--out", temp.File("out"),
        ];
        var (code, output, error) = DBetaCli.Run(args);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "Challenge scored, 53 records");
        StringAssert.Contains(output, "test 16 ECGs (train 27, validation 10)");
        StringAssert.Contains(output, "zero-shot");
        StringAssert.Contains(output, "L-BFGS LR");
        StringAssert.Contains(output, "embeddings computed and cached");
        StringAssert.Contains(output, "not trained: LightGBM at 10 %");

        var json = JsonDocument.Parse(File.ReadAllText(temp.File("out/results.json"))).RootElement;
        Assert.AreEqual(5, json.GetProperty("rows").GetArrayLength(), "zero-shot, then 2 heads x 2 fractions");
        Assert.AreEqual("Zero-shot", json.GetProperty("rows")[0].GetProperty("method").GetString());
        var reference = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("evaluation", "protocol-challenge.json"))).RootElement;
        CollectionAssert.AreEqual(reference.GetProperty("measurable").EnumerateArray().Select(e => e.GetString()).ToArray(),
            json.GetProperty("labels").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual(54, File.ReadAllLines(temp.File("out/split.csv")).Length);
        byte[] png = File.ReadAllBytes(temp.File("out/auroc.png"));
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.AreEqual(10 * 70 + 80 + 300, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), "width: 70 px per label for 10 labels, and the margins");

        // Again with the split it wrote: the cache answers and the numbers repeat.
        (code, string again, error) = DBetaCli.Run([.. args, "--split", temp.File("out/split.csv")]);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(again, "embeddings from the cache");
        Assert.AreEqual(output.Split("\ntime:")[0], again.Split("\ntime:")[0]);
    }

    [TestMethod]
    public void WrongPathsAndBadValuesAreOneLine()
    {
        using var temp = new TempFolder();
        string challenge = RepoPaths.SharedData("challenge2021");
        (string[] Args, string Expected)[] cases =
        [
            (["--input", "/nope", "--model", TinyModels.EcgModel], "/nope"),
            (["--input", challenge, "--model", "/nope.onnx"], "/nope.onnx: ECG model not found"),
            (["--input", challenge, "--model", TinyModels.EcgModel, "--heads", "xgboost"], "'xgboost' is not a head"),
            (["--input", challenge, "--model", TinyModels.EcgModel, "--fractions", "0,1"], "label fraction must be in (0, 1]"),
            (["--input", challenge, "--model", TinyModels.EcgModel, "--label-set", "rhythm"], "'rhythm' is not a Challenge label set"),
            (["--input", challenge, "--model", TinyModels.EcgModel, "--text-model", TinyModels.TextModel], "needs both TextModelPath and TokenizerPath"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (code, _, error) = DBetaCli.Run(["evaluate", .. args, "--cache", temp.File("cache"), "--out", temp.File("out")]);
            Assert.AreEqual(1, code, string.Join(' ', args));
            StringAssert.Contains(error, expected, string.Join(' ', args));
            Assert.AreEqual(1, error.Trim().Split('\n').Length, error);
        }
        Assert.IsFalse(Directory.Exists(temp.File("out")), "no output folder for a run that failed");
    }
}
