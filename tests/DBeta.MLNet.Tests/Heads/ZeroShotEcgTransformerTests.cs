using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Heads;

[TestClass]
public sealed class ZeroShotEcgTransformerTests
{
    private const int Samples = 1000;
    private const int Width = 12 * Samples;

    private static string Tokenizer => RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    public sealed class EcgRow
    {
        public string Id { get; set; } = "";
        public bool RBBB { get; set; }
        [VectorType(Width)] public float[] Ecg { get; set; } = [];
    }

    public sealed class ScoredRow
    {
        public string Id { get; set; } = "";
        public float[] Scores { get; set; } = [];
    }

    private static EcgRow[] Rows(int count)
    {
        var random = new Random(5);
        return Enumerable.Range(0, count).Select(i => new EcgRow
        {
            Id = $"ecg-{i}",
            RBBB = i % 2 == 0,
            Ecg = Enumerable.Range(0, Width).Select(t => (float)(Math.Sin(t * 0.007 * (1 + i % 4)) + 0.3 * random.NextDouble())).ToArray(),
        }).ToArray();
    }

    private static ZeroShotEcgOptions Options(PromptSet? prompts = null, bool perLabel = false) => new()
    {
        TextModelPath = TinyModels.TextModel,
        TokenizerPath = Tokenizer,
        Prompts = prompts ?? PromptSet.CodeDefaults,
        PerLabelScoreColumns = perLabel,
    };

    private static TransformerChain<ZeroShotEcgTransformer> Fit(MLContext ml, IDataView data, ZeroShotEcgOptions options) =>
        ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel, batchSize: 3).Append(ml.Transforms.ScoreEcgZeroShot(options)).Fit(data);

    [TestMethod]
    public void ScoresAreEachEcgEmbeddingDotEachLowercasedPromptEmbedding()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(7);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = Fit(ml, data, Options());
        var scored = ml.Data.CreateEnumerable<ScoredRow>(model.Transform(data), reuseRowObject: false).ToArray();

        // The reference: both encoders run directly, prompts lowercased by hand, dot products in double.
        using var ecgEncoder = new EcgEncoder(TinyModels.EcgModel);
        using var textEncoder = new TextEncoder(TinyModels.TextModel);
        var tokenizer = DBetaTextTokenizer.Load(Tokenizer, DBetaTextTokenizerOptions.Default with { Lowercase = false });
        var prompts = PromptSet.CodeDefaults;
        float[][] promptVectors = [.. prompts.Descriptions.Select(d => textEncoder.Embed(tokenizer, [d.ToLowerInvariant()])[0])];
        for (int i = 0; i < rows.Length; i++)
        {
            float[] ecg = ecgEncoder.Embed(rows[i].Ecg);
            Assert.HasCount(prompts.Count, scored[i].Scores);
            for (int k = 0; k < prompts.Count; k++)
            {
                double expected = 0;
                for (int d = 0; d < ecg.Length; d++) expected += (double)ecg[d] * promptVectors[k][d];
                Assert.AreEqual(expected, scored[i].Scores[k], 1e-5 * (1 + Math.Abs(expected)), $"row {i}, label {prompts.Labels[k]}");
            }
        }
        CollectionAssert.AreEqual(prompts.Labels.ToArray(), model.LastTransformer.Labels.ToArray());
        Assert.AreEqual(32, model.LastTransformer.EmbeddingDim);
    }

    [TestMethod]
    public void ScoresSlotNamesAreTheLabels()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(1));
        var prompts = new PromptSet([new("AF", "Atrial fibrillation"), new("SB", "Sinus bradycardia")]);
        using var model = Fit(ml, data, Options(prompts));
        var column = model.Transform(data).Schema["Scores"];
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 2), column.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        CollectionAssert.AreEqual(new[] { "AF", "SB" }, names.DenseValues().Select(n => n.ToString()).ToArray());

        // The estimator announces the same column before fitting.
        var shape = ml.Transforms.ScoreEcgZeroShot(Options(prompts)).GetOutputSchema(SchemaShapes.Shape(
            ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(data).Transform(data).Schema));
        var scores = shape.Single(c => c.Name == "Scores");
        Assert.AreEqual(SchemaShape.Column.VectorKind.Vector, scores.Kind);
        Assert.IsTrue(scores.Annotations.Any(a => a.Name == "SlotNames"));
    }

    [TestMethod]
    public void UppercasePromptsScoreAsLowercaseOnes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(3));
        var upper = new PromptSet(PromptSet.CodeDefaults.Labels.Select(l => new KeyValuePair<string, string>(l, PromptSet.CodeDefaults[l].ToUpperInvariant())));
        using var a = Fit(ml, data, Options());
        using var b = Fit(ml, data, Options(upper));
        var sa = a.Transform(data).GetColumn<float[]>("Scores").ToArray();
        var sb = b.Transform(data).GetColumn<float[]>("Scores").ToArray();
        for (int i = 0; i < sa.Length; i++) CollectionAssert.AreEqual(sa[i], sb[i], $"row {i}");
    }

    [TestMethod]
    public void PerLabelColumnsCopyTheSlotsAndFeedMLNetsBinaryEvaluator()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(8);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = Fit(ml, data, Options(perLabel: true));
        var scored = model.Transform(data);
        var scores = scored.GetColumn<float[]>("Scores").ToArray();
        for (int k = 0; k < PromptSet.CodeDefaults.Count; k++)
        {
            string label = PromptSet.CodeDefaults.Labels[k];
            Assert.AreEqual(NumberDataViewType.Single, scored.Schema["Score." + label].Type);
            var column = scored.GetColumn<float>("Score." + label).ToArray();
            for (int i = 0; i < rows.Length; i++) Assert.AreEqual(scores[i][k], column[i], $"row {i}, {label}");
        }

        // ML.NET's evaluator also wants a predicted label; zero-shot scores have no natural threshold, so the test picks 0.
        var withLabel = ml.Transforms.Expression("PredictedLabel", "(s) => s > 0", "Score.RBBB").Fit(scored).Transform(scored);
        var metrics = ml.BinaryClassification.EvaluateNonCalibrated(withLabel, labelColumnName: "RBBB", scoreColumnName: "Score.RBBB");
        var ours = DBeta.MLNet.MultiLabelEvaluator.Evaluate(scored, ["RBBB"], scoreColumnPrefix: "Score.");
        Assert.AreEqual(ours.PerLabel[0].Auroc, metrics.AreaUnderRocCurve, 1e-12, "ML.NET's AUC of Score.RBBB is this library's");

        // Row by row (PredictionEngine) gives the same per-label values.
        using var engine = ml.Model.CreatePredictionEngine<EcgRow, PerLabelRow>(model);
        var predicted = engine.Predict(rows[3]);
        Assert.AreEqual(scores[3][1], predicted.ScoreRbbb);
        CollectionAssert.AreEqual(scores[3], predicted.Scores);
    }

    public sealed class PerLabelRow
    {
        public float[] Scores { get; set; } = [];
        [ColumnName("Score.RBBB")] public float ScoreRbbb { get; set; }
    }

    [TestMethod]
    public void PerLabelColumnsCannotBeSavedAndTheErrorSaysWhatToDo()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(1));
        using var model = Fit(ml, data, Options(perLabel: true));
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(model, data.Schema, temp.File("zs.zip")));
        StringAssert.Contains(error.Message, "PerLabelScoreColumns = false");
        StringAssert.Contains(error.Message, "'Scores'");
    }

    [TestMethod]
    public void EmbeddingWidthOtherThanThePromptsIsNamedWithBothTypes()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new WideRow() });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.ScoreEcgZeroShot(Options()).Fit(data));
        StringAssert.Contains(error.Message, "input column 'Embedding'");
        StringAssert.Contains(error.Message, "Vector<Single, 32>");
        StringAssert.Contains(error.Message, "Vector<Single, 16>");

        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.ScoreEcgZeroShot(new ZeroShotEcgOptions { TextModelPath = "x", TokenizerPath = "y", EmbeddingColumnName = "Features" }).Fit(data));
        StringAssert.Contains(missing.Message, "'Features'");
        StringAssert.Contains(missing.Message, "no such column");

        var text = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.ScoreEcgZeroShot(new ZeroShotEcgOptions { TextModelPath = "x", TokenizerPath = "y", EmbeddingColumnName = "Id" }).Fit(data));
        StringAssert.Contains(text.Message, "vector of Single");
        StringAssert.Contains(text.Message, "String");
    }

    public sealed class WideRow
    {
        public string Id { get; set; } = "a";
        [VectorType(16)] public float[] Embedding { get; set; } = new float[16];
    }

    [TestMethod]
    public void MissingModelPathsAreRequiredOptions()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentException>(() => ml.Transforms.ScoreEcgZeroShot(new ZeroShotEcgOptions { TokenizerPath = Tokenizer }));
        StringAssert.Contains(error.Message, "TextModelPath");
    }

    [TestMethod]
    public void SavedPipelineReloadsWithBitIdenticalScoresAndSlotNames()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(6);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = Fit(ml, data, Options());
        using var temp = new TempFolder();
        ml.Model.Save(model, data.Schema, temp.File("zs.zip"));

        var loaded = (TransformerChain<ITransformer>)new MLContext(seed: 3).Model.Load(temp.File("zs.zip"), out _);
        CollectionAssert.AreEqual(new[] { "OnnxTransformer", "OnnxTransformer" }, loaded.Select(t => t.GetType().Name).ToArray());
        var expected = model.Transform(data).GetColumn<float[]>("Scores").ToArray();
        var reloaded = loaded.Transform(data);
        var actual = reloaded.GetColumn<float[]>("Scores").ToArray();
        for (int i = 0; i < rows.Length; i++) CollectionAssert.AreEqual(expected[i], actual[i], $"row {i}");
        VBuffer<ReadOnlyMemory<char>> names = default;
        reloaded.Schema["Scores"].GetSlotNames(ref names);
        CollectionAssert.AreEqual(PromptSet.CodeDefaults.Labels.ToArray(), names.DenseValues().Select(n => n.ToString()).ToArray());
        Assert.AreEqual(model.Transform(data).Schema["Scores"].Type, reloaded.Schema["Scores"].Type);
        loaded.Dispose();
    }

    [TestMethod]
    public void PredictionEnginesOnSeveralThreadsShareTheHead()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows(8);
        var data = ml.Data.LoadFromEnumerable(rows);
        using var model = Fit(ml, data, Options());
        var expected = model.Transform(data).GetColumn<float[]>("Scores").ToArray();
        var results = new float[rows.Length][];
        Parallel.For(0, 4, worker =>
        {
            using var engine = ml.Model.CreatePredictionEngine<EcgRow, ScoredRow>(model, new PredictionEngineOptions { OwnsTransformer = false });
            for (int i = worker; i < rows.Length; i += 4) results[i] = engine.Predict(rows[i]).Scores;
        });
        for (int i = 0; i < rows.Length; i++) CollectionAssert.AreEqual(expected[i], results[i], $"row {i}");
    }

    [TestMethod]
    public void ADisposedHeadSaysSo()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Rows(1));
        var model = Fit(ml, data, Options());
        var head = model.LastTransformer;
        model.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => head.Transform(data));
    }
}
