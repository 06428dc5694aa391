using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary><c>dbeta zeroshot</c>, run as a user would and compared with the library.</summary>
[TestClass]
public sealed class ZeroShotCommandTests
{
    private static readonly string Code = RepoPaths.Fixture("data", "hdf5", "code_gzip_shuffle.h5");
    private static readonly string Gold = RepoPaths.Fixture("data", "labels", "gold_standard.csv");
    private static string Tokenizer => RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    [TestMethod]
    public void WritesTheLibrarysScoresPerRecordAndPrintsAuroc()
    {
        using var temp = new TempFolder();
        string csv = temp.File("scores.csv");
        var (code, output, error) = DBetaCli.Run("zeroshot", "--ecg-model", TinyModels.EcgModel, "--text-model", TinyModels.TextModel,
            "--tokenizer", Tokenizer, "--input", Code, "--labels", Gold, "--out", csv, "--batch-size", "2");
        Assert.AreEqual(0, code, error);

        // The same pipeline here.
        var ml = new MLContext();
        var view = ml.Data.LoadEcg(Code);
        using var model = ml.Transforms.PrepareEcgForDBeta(view.SampleRate)
            .Append(ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 2))
            .Append(ml.Transforms.ScoreEcgZeroShot(TinyModels.TextModel, Tokenizer))
            .Fit(view);
        var expected = model.Transform(view).GetColumn<float[]>("Scores").ToArray();

        string[] lines = File.ReadAllLines(csv);
        Assert.AreEqual("Id," + string.Join(",", PromptSet.CodeDefaults.Labels), lines[0]);
        string[] ids = File.ReadAllLines(RepoPaths.Fixture("data", "hdf5", "expected_exam_ids.txt"));
        Assert.HasCount(ids.Length + 1, lines);
        for (int i = 0; i < ids.Length; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            Assert.AreEqual(ids[i], fields[0]);
            CollectionAssert.AreEqual(expected[i], fields[1..].Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray(), $"record {ids[i]}");
        }

        StringAssert.Contains(output, "5 rows x 6 labels");
        StringAssert.Contains(output, MultiLabelEvaluator.EvaluateFiles(csv, Gold, threshold: 0).ToTable());
        StringAssert.Contains(output, "macro");
    }

    [TestMethod]
    public void PromptsFromAFileChooseTheColumns()
    {
        using var temp = new TempFolder();
        new PromptSet([new("AF", "atrial fibrillation"), new("RBBB", "right bundle branch block")]).Save(temp.File("p.json"));
        var (code, _, error) = DBetaCli.Run("zeroshot", "--ecg-model", TinyModels.EcgModel, "--text-model", TinyModels.TextModel,
            "--tokenizer", Tokenizer, "--input", Code, "--prompts", temp.File("p.json"), "--out", temp.File("s.csv"));
        Assert.AreEqual(0, code, error);
        Assert.AreEqual("Id,AF,RBBB", File.ReadLines(temp.File("s.csv")).First());

        // Labels the prompts lack are named, with the file.
        (code, _, error) = DBetaCli.Run("zeroshot", "--ecg-model", TinyModels.EcgModel, "--text-model", TinyModels.TextModel,
            "--tokenizer", Tokenizer, "--input", Code, "--prompts", temp.File("p.json"), "--out", temp.File("t.csv"), "--labels", Gold);
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, "has no column '1dAVb'");
    }

    [TestMethod]
    public void BadInputsAreOneErrorLineAndNoOutput()
    {
        using var temp = new TempFolder();
        string output = temp.File("s.csv");
        string[] common = ["zeroshot", "--ecg-model", TinyModels.EcgModel, "--tokenizer", Tokenizer, "--out", output];
        (string[] Args, string Message)[] cases =
        [
            ([.. common, "--text-model", TinyModels.TextModel, "--input", temp.File("missing.h5")], "missing.h5"),
            ([.. common, "--text-model", temp.File("none.onnx"), "--input", Code], "none.onnx: ONNX model not found"),
            ([.. common, "--text-model", TinyModels.EcgModel, "--input", Code], "int64"),
            ([.. common, "--text-model", TinyModels.TextModel, "--input", RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5")], "is NaN"),
        ];
        foreach (var (args, message) in cases)
        {
            var (code, _, error) = DBetaCli.Run(args);
            Assert.AreEqual(1, code, string.Join(' ', args));
            StringAssert.StartsWith(error, "error: ");
            StringAssert.Contains(error, message);
            Assert.DoesNotContain("   at ", error, "no stack trace for a user's mistake");
            Assert.IsEmpty(Directory.GetFiles(temp.Path), "no output, not even a temporary file");
        }
    }
}
