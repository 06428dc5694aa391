using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Embedding;

/// <summary>
/// Fitted pipelines saved with <c>mlContext.Model.Save</c> load and predict in another process that has ML.NET and
/// ONNX Runtime but no DBeta.MLNet (<c>tests/DBeta.ModelHost</c>), bit for bit as in the process that fitted them.
/// </summary>
[TestClass]
public sealed class OnnxStandInTests
{
    private const int Samples = 1000;
    private const int Width = 12 * Samples;

    public sealed class EcgRow
    {
        public string Id { get; set; } = "";
        public bool RBBB { get; set; }
        [VectorType(Width)] public float[] Ecg { get; set; } = [];
    }

    private static EcgRow[] Rows(int count)
    {
        var random = new Random(17);
        return Enumerable.Range(0, count).Select(i => new EcgRow
        {
            Id = $"ecg-{i}",
            RBBB = i % 3 != 0,
            Ecg = Enumerable.Range(0, Width).Select(t => (float)(Math.Sin(t * 0.005 * (1 + i % 5)) * (1 + 0.1 * i) + 0.2 * random.NextDouble())).ToArray(),
        }).ToArray();
    }

    /// <summary>Saves <paramref name="model"/> with an input schema of the ECG column alone, runs the host on <paramref name="rows"/>, returns its output folder and stdout.</summary>
    private static (string Folder, string Output) SaveAndRunElsewhere(MLContext ml, ITransformer model, IDataView data, EcgRow[] rows, TempFolder temp, params string[] columns)
    {
        var input = new DataViewSchema.Builder();
        input.AddColumn("Ecg", data.Schema["Ecg"].Type);
        string zip = temp.File("model.zip");
        AtomicFile.Write(zip, stream => ml.Model.Save(model, input.ToSchema(), stream));
        string ecgs = temp.File("ecgs.f32");
        File.WriteAllBytes(ecgs, MemoryMarshal.AsBytes(rows.SelectMany(r => r.Ecg).ToArray().AsSpan()).ToArray());

        string outFolder = temp.File("predictions");
        var (code, output, error) = ModelHost.Run([zip, ecgs, outFolder, .. columns]);
        Assert.AreEqual(0, code, error + output);
        Assert.DoesNotContain("DBeta", output.Replace("DBeta.ModelHost", ""), "the loaded model holds no DBeta type:\n" + output);
        Assert.IsFalse(File.Exists(Path.Combine(ModelHost.Folder, "DBeta.MLNet.dll")), "the host's folder has no DBeta.MLNet to load");
        return (outFolder, output);
    }

    private static void AssertBitIdentical(float[] expected, string file, string what)
    {
        float[] actual = RawFloats.Read(file);
        Assert.HasCount(expected.Length, actual, what);
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}[{i}]: {expected[i]:R} here, {actual[i]:R} in the other process");
    }

    private static float[] Flat(IDataView view, string column) =>
        view.Schema[column].Type is VectorDataViewType
            ? [.. view.GetColumn<float[]>(column).SelectMany(v => v)]
            : [.. view.GetColumn<float>(column)];

    [TestMethod]
    public void EcgEmbeddingAndZeroShotPredictIdenticallyInAProcessWithoutDBeta()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(10);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 4)
            .Append(ml.Transforms.ScoreEcgZeroShot(TinyModels.TextModel, RepoPaths.Fixture("tokenizer", "clinical-unigram.model")))
            .Fit(data);
        var here = model.Transform(data);

        using var temp = new TempFolder();
        var (folder, output) = SaveAndRunElsewhere(ml, model, data, rows, temp, "Embedding", "Scores");
        StringAssert.Contains(output, "transformer: Microsoft.ML.Transforms.Onnx.OnnxTransformer\ntransformer: Microsoft.ML.Transforms.Onnx.OnnxTransformer\n");
        StringAssert.Contains(output, "slots Scores: " + string.Join(",", PromptSet.CodeDefaults.Labels));
        StringAssert.Contains(output, "column Embedding: Vector<Single, 32>");
        StringAssert.Contains(output, "column Scores: Vector<Single, 6>");
        AssertBitIdentical(Flat(here, "Embedding"), Path.Combine(folder, "Embedding.f32"), "Embedding");
        AssertBitIdentical(Flat(here, "Scores"), Path.Combine(folder, "Scores.f32"), "Scores");
    }

    [TestMethod]
    public void EcgEmbeddingAndLogisticRegressionProbePredictIdenticallyInAProcessWithoutDBeta()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(12);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 4)
            .Append(ml.BinaryClassification.Trainers.MultiLabelProbe(labelColumnNames: ["RBBB"], head: ProbeHead.LbfgsLogisticRegression))
            .Fit(data);
        var here = model.Transform(data);

        using var temp = new TempFolder();
        var (folder, output) = SaveAndRunElsewhere(ml, model, data, rows, temp, "Embedding", "Score.RBBB", "Probability.RBBB", "Probabilities");
        StringAssert.Contains(output, "transformer: Microsoft.ML.Transforms.Onnx.OnnxTransformer\n");
        StringAssert.Contains(output, "column Probability.RBBB: Single");
        foreach (string column in new[] { "Embedding", "Score.RBBB", "Probability.RBBB", "Probabilities" })
            AssertBitIdentical(Flat(here, column), Path.Combine(folder, column + ".f32"), column);
    }

    [TestMethod]
    public void ALoadedHeadRunsAfterABatchedEmbeddingAsTheDocsShow()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(5);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel)
            .Append(ml.Transforms.ScoreEcgZeroShot(TinyModels.TextModel, RepoPaths.Fixture("tokenizer", "clinical-unigram.model")))
            .Fit(data);
        using var temp = new TempFolder();
        ml.Model.Save(model, data.Schema, temp.File("zs.zip"));

        // docs/save-load.md: keep the loaded head, put the batched DBeta embedding in front of it.
        var loaded = (TransformerChain<ITransformer>)ml.Model.Load(temp.File("zs.zip"), out _);
        var head = new TransformerChain<ITransformer>([.. loaded.Skip(1)]);
        using var batched = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 8).Fit(data).Append(head);

        var expected = model.Transform(data).GetColumn<float[]>("Scores").ToArray();
        var actual = batched.Transform(data).GetColumn<float[]>("Scores").ToArray();
        for (int i = 0; i < rows.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
        loaded.Dispose();
    }
}
