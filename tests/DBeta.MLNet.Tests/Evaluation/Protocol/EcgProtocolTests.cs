using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Evaluation.Protocol;

/// <summary>
/// The evaluation protocol end to end on the 53 real Challenge records (tiny random models: the numbers mean nothing,
/// the bookkeeping is what is checked) against tests/reference/make_protocol_fixtures.py, and on the PTB-XL fixture tree
/// against its folds as tests/reference/make_ptbxl_fixtures.py wrote them.
/// </summary>
[TestClass]
public sealed class EcgProtocolTests
{
    private static readonly MLContext Ml = new(seed: 1);
    private static string Tokenizer => RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    private static EcgProtocolOptions ChallengeOptions(string cache) => new()
    {
        DatasetPath = RepoPaths.SharedData("challenge2021"),
        EcgModelPath = TinyModels.EcgModel,
        TextModelPath = TinyModels.TextModel,
        TokenizerPath = Tokenizer,
        LabelFractions = [0.5, 1],
        Heads = [ProbeHead.LbfgsLogisticRegression, ProbeHead.LightGbm],
        Seeds = 2,
        L2Grid = [0.1f, 1f, 10f],
        Bootstrap = new AurocBootstrapOptions { Resamples = 200 },
        MinimumTestPositives = 1,
        TrainFraction = 0.5,
        ValidationFraction = 0.2,
        CacheFolder = cache,
    };

    private static JsonElement ChallengeReference() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("evaluation", "protocol-challenge.json"))).RootElement;

    [TestMethod]
    public void TheSplitAndTheMeasurableLabelsOfTheRealChallengeRecordsAreThoseOfThePythonReference()
    {
        using var temp = new TempFolder();
        var result = Ml.Model.EvaluateEcgProtocol(ChallengeOptions(temp.File("cache")));
        var reference = ChallengeReference();
        var summary = reference.GetProperty("summary");
        Assert.AreEqual((summary.GetProperty("train").GetProperty("records").GetInt32(), summary.GetProperty("validation").GetProperty("records").GetInt32(),
            summary.GetProperty("test").GetProperty("records").GetInt32()), result.SplitCounts);
        CollectionAssert.AreEqual(reference.GetProperty("measurable").EnumerateArray().Select(e => e.GetString()).ToArray(), result.Labels.ToArray());

        result.SaveSplit(temp.File("split.csv"));
        var lines = File.ReadAllLines(temp.File("split.csv"));
        Assert.AreEqual("Id,Part", lines[0]);
        CollectionAssert.AreEqual(
            reference.GetProperty("ids").EnumerateArray().Zip(reference.GetProperty("parts").EnumerateArray(), (id, part) => $"{id.GetString()},{part.GetString()}").ToArray(),
            lines[1..]);
        foreach (var row in result.Rows.Where(r => r.Metrics is not null))
        {
            var test = summary.GetProperty("test").GetProperty("positives");
            foreach (var label in row.Metrics!.PerLabel)
                Assert.AreEqual(test.GetProperty(label.Label).GetInt32(), label.Positives, $"{row.Method} {label.Label}");
        }
    }

    [TestMethod]
    public void ASecondRunReadsTheCacheOpensNoModelAndGivesTheSameNumbers()
    {
        using var temp = new TempFolder();
        var first = Ml.Model.EvaluateEcgProtocol(ChallengeOptions(temp.File("cache")));
        Assert.AreEqual("false", first.Provenance["embeddings_from_cache"]);
        Assert.AreEqual("false", first.Provenance["prompts_from_cache"]);

        long opened = OnnxEncoderSession.SessionsOpened;
        var second = Ml.Model.EvaluateEcgProtocol(ChallengeOptions(temp.File("cache")));
        Assert.AreEqual(opened, OnnxEncoderSession.SessionsOpened, "a cached run opened an ONNX session");
        Assert.AreEqual("true", second.Provenance["embeddings_from_cache"]);
        Assert.AreEqual("true", second.Provenance["prompts_from_cache"]);
        CollectionAssert.AreEqual(first.Rows.Select(r => r.MacroAuroc).ToArray(), second.Rows.Select(r => r.MacroAuroc).ToArray());

        // Another lead set is other preprocessing: a new entry, and the model is opened again.
        var reduced = ChallengeOptions(temp.File("cache"));
        reduced.LeadSet = EcgLeadSet.Two;
        reduced.TextModelPath = reduced.TokenizerPath = null;
        var third = Ml.Model.EvaluateEcgProtocol(reduced);
        Assert.AreEqual("false", third.Provenance["embeddings_from_cache"]);
        Assert.IsGreaterThan(opened, OnnxEncoderSession.SessionsOpened);
    }

    [TestMethod]
    public void TheChosenL2AndTheMetricsEqualADirectProbeFitWithThatWeight()
    {
        using var temp = new TempFolder();
        var options = ChallengeOptions(temp.File("cache"));
        options.TextModelPath = options.TokenizerPath = null;
        options.Heads = [ProbeHead.LbfgsLogisticRegression];
        options.LabelFractions = [1];
        var result = Ml.Model.EvaluateEcgProtocol(options);
        var row = result.Rows.Single();
        float l2 = row.ChosenL2.Single();
        CollectionAssert.Contains(options.L2Grid.ToArray(), l2);

        var (embeddings, ids, dimension) = CachedEmbeddings(temp.File("cache"));
        var reference = ChallengeReference();
        var parts = reference.GetProperty("parts").EnumerateArray().Select(p => p.GetString()).ToArray();
        var dataset = ChallengeDataset.Open(options.DatasetPath);
        CollectionAssert.AreEqual(dataset.Ids.ToArray(), ids);
        var labels = result.Labels.Select(name => Enumerable.Range(0, ids.Length).Select(r => dataset.Labels.Value(r, dataset.Labels.Names.ToList().IndexOf(name)) != 0).ToArray()).ToArray();
        int[] Rows(string part) => [.. Enumerable.Range(0, ids.Length).Where(r => parts[r] == part)];
        var train = Rows("train");
        var trainValues = train.SelectMany(r => embeddings.Skip(r * dimension).Take(dimension)).ToArray();
        var probe = Ml.BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions { LabelColumnNames = result.Labels, L2Regularization = l2 })
            .Fit(EmbeddingDataset.Create(trainValues, dimension, result.Labels, [.. labels.Select(l => train.Select(r => l[r]).ToArray())]));
        var test = Rows("test");
        var scored = probe.Transform(EmbeddingDataset.Create([.. test.SelectMany(r => embeddings.Skip(r * dimension).Take(dimension))], dimension));
        foreach (var (name, j) in result.Labels.Select((n, j) => (n, j)))
        {
            var scores = scored.GetColumn<float>("Probability." + name).Select(v => (double)v).ToArray();
            var direct = LabelMetrics.Compute(name, [.. test.Select(r => labels[j][r])], scores, row.Metrics![name].Threshold);
            Assert.AreEqual(direct.Auroc, row.Metrics![name].Auroc, 1e-12, name);
            Assert.AreEqual(direct.F1, row.Metrics![name].F1, 1e-12, name);
        }

        // The chosen weight is the best on validation: every other grid weight scores no higher there.
        var validation = Rows("validation");
        double Validation(float weight)
        {
            var model = Ml.BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions { LabelColumnNames = result.Labels, L2Regularization = weight })
                .Fit(EmbeddingDataset.Create(trainValues, dimension, result.Labels, [.. labels.Select(l => train.Select(r => l[r]).ToArray())]));
            var output = model.Transform(EmbeddingDataset.Create([.. validation.SelectMany(r => embeddings.Skip(r * dimension).Take(dimension))], dimension));
            return MultiLabelEvaluatorOn(output, result.Labels, [.. labels.Select(l => validation.Select(r => l[r]).ToArray())]);
        }
        double chosen = Validation(l2);
        foreach (float other in options.L2Grid.Where(w => w != l2))
        {
            double auroc = Validation(other);
            Assert.IsTrue(auroc < chosen || (auroc == chosen && other < l2), $"λ {other} ({auroc}) beats the chosen {l2} ({chosen}) on validation");
        }
    }

    [TestMethod]
    public void ZeroShotScoresAreThoseOfTheZeroShotTransformer()
    {
        using var temp = new TempFolder();
        var options = ChallengeOptions(temp.File("cache"));
        options.Heads = [];
        var result = Ml.Model.EvaluateEcgProtocol(options);
        var row = result.Rows.Single();
        Assert.AreEqual("Zero-shot", row.Method);

        var (embeddings, ids, dimension) = CachedEmbeddings(temp.File("cache"));
        var dataset = ChallengeDataset.Open(options.DatasetPath);
        var prompts = EcgLabelPrompts.For(dataset);
        var data = EmbeddingDataset.Create(embeddings, dimension);
        using var transformer = Ml.Transforms.ScoreEcgZeroShot(new ZeroShotEcgOptions
        {
            TextModelPath = TinyModels.TextModel, TokenizerPath = Tokenizer, Prompts = prompts, PerLabelScoreColumns = true,
        }).Fit(data);
        var scored = transformer.Transform(data);
        var parts = ChallengeReference().GetProperty("parts").EnumerateArray().Select(p => p.GetString()).ToArray();
        var test = Enumerable.Range(0, ids.Length).Where(r => parts[r] == "test").ToArray();
        foreach (var label in row.Metrics!.PerLabel)
        {
            var all = scored.GetColumn<float>("Score." + label.Label).ToArray();
            int k = dataset.Labels.Names.ToList().IndexOf(label.Label);
            var expected = LabelMetrics.Compute(label.Label, [.. test.Select(r => dataset.Labels.Value(r, k) != 0)], [.. test.Select(r => (double)all[r])]);
            Assert.AreEqual(expected.Auroc, label.Auroc, 1e-12, label.Label);
        }
    }

    [TestMethod]
    public void PtbXlUsesItsFoldsAndASplitFileReadsBackAsWritten()
    {
        using var temp = new TempFolder();
        string tree = RepoPaths.Fixture("data", "datasets", "ptbxl", "tree");
        var expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("data", "datasets", "ptbxl", "expected.json"))).RootElement
            .GetProperty("sets").GetProperty("superdiagnostic");
        string[] ids = [.. expected.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!)];
        int[] folds = [.. expected.GetProperty("folds").EnumerateArray().Select(f => f.GetInt32())];
        var options = new EcgProtocolOptions
        {
            DatasetPath = tree, LabelSet = "superdiagnostic", EcgModelPath = TinyModels.EcgModel, LabelFractions = [1],
            Heads = [ProbeHead.LbfgsLogisticRegression], L2Grid = [1f], Bootstrap = new AurocBootstrapOptions { Resamples = 50 },
            MinimumTestPositives = 1, CacheFolder = temp.File("cache"),
        };
        var dataset = EcgDatasets.Open(tree, EcgFormat.PtbXl, "superdiagnostic");
        var (parts, source) = ProtocolSplit.Assign(dataset, options);
        CollectionAssert.AreEqual(ids, dataset.Ids.ToArray());
        CollectionAssert.AreEqual(folds.Select(f => f == 10 ? EcgSplitPart.Test : f == 9 ? EcgSplitPart.Validation : EcgSplitPart.Train).ToArray(), parts);
        StringAssert.Contains(source, "folds");

        // The tree's fold 10 holds one record, too few to measure: a split file of the user's instead.
        File.WriteAllLines(temp.File("split.csv"), ["Id,Part", .. ids.Select((id, i) => $"{id},{(i % 3 == 0 ? "test" : i % 3 == 1 ? "validation" : "train")}")]);
        options.SplitPath = temp.File("split.csv");
        var result = Ml.Model.EvaluateEcgProtocol(options);
        Assert.AreEqual((7, 7, 7), result.SplitCounts);
        result.SaveSplit(temp.File("written.csv"));
        CollectionAssert.AreEqual(File.ReadAllLines(temp.File("split.csv")), File.ReadAllLines(temp.File("written.csv")));

        result.Save(temp.File("results.json"));
        var json = JsonDocument.Parse(File.ReadAllText(temp.File("results.json"))).RootElement;
        Assert.AreEqual(result.Rows[0].MacroAuroc, json.GetProperty("rows")[0].GetProperty("macro_auroc").GetDouble());
        Assert.AreEqual(EmbeddingRunInfo.Sha256OfFile(TinyModels.EcgModel), json.GetProperty("provenance").GetProperty("ecg_model_sha256").GetString());
        Assert.AreEqual(7, json.GetProperty("split").GetProperty("test").GetInt32());
        StringAssert.Contains(result.ToTable(), "L-BFGS LR");
    }

    [TestMethod]
    public void ABadSplitFileIsATypedErrorNamingTheFileAndRow()
    {
        using var temp = new TempFolder();
        var options = ChallengeOptions(temp.File("cache"));
        options.SplitPath = temp.File("split.csv");
        File.WriteAllText(options.SplitPath, "Id,Part\nE00666,train\nNOPE,test\n");
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Model.EvaluateEcgProtocol(options));
        Assert.AreEqual(options.SplitPath, e.FilePath);
        StringAssert.Contains(e.Message, "row 2");
        StringAssert.Contains(e.Message, "'NOPE' is not in the dataset");

        File.WriteAllText(options.SplitPath, "Id,Part\nE00666,holdout\n");
        StringAssert.Contains(Assert.ThrowsExactly<EcgDataException>(() => Ml.Model.EvaluateEcgProtocol(options)).Message, "'holdout' is not train, validation or test");
        File.WriteAllText(options.SplitPath, "Id,Part\nE00666,train\n");
        StringAssert.Contains(Assert.ThrowsExactly<EcgDataException>(() => Ml.Model.EvaluateEcgProtocol(options)).Message, "does not name 52 of the dataset's 53 records");
    }

    [TestMethod]
    public void ATreeHeadOnTooFewRowsToSplitIsReportedNotTrained()
    {
        using var temp = new TempFolder();
        var options = ChallengeOptions(temp.File("cache"));
        options.TextModelPath = options.TokenizerPath = null;
        options.Heads = [ProbeHead.LightGbm];
        options.LabelFractions = [0.5, 1];
        var result = Ml.Model.EvaluateEcgProtocol(options);
        var half = result.Rows[0];
        // Half of 27 training records (and a positive and a negative kept per label) is fewer than two leaves of 10.
        Assert.IsNull(half.Metrics);
        Assert.IsTrue(double.IsNaN(half.MacroAuroc));
        StringAssert.Contains(half.Problem, "a tree needs at least 20 to split");
        Assert.IsLessThan(20, half.TrainingRows[0]);
        Assert.IsNotNull(result.Rows[1].Metrics, "27 rows at 100 %: trained");
        StringAssert.Contains(result.ToTable(), "not trained: LightGBM at 50 %");
    }

    [TestMethod]
    public void TooFewTestPositivesLeaveNoLabelAndSaySo()
    {
        using var temp = new TempFolder();
        var options = ChallengeOptions(temp.File("cache"));
        options.MinimumTestPositives = 50;
        var e = Assert.ThrowsExactly<EcgDataException>(() => Ml.Model.EvaluateEcgProtocol(options));
        StringAssert.Contains(e.Message, "no label can be evaluated");
        StringAssert.Contains(e.Message, "fewer than 50");
    }

    private static double MultiLabelEvaluatorOn(IDataView scored, IReadOnlyList<string> names, bool[][] labels) =>
        MultiLabelEvaluator.Evaluate(names, labels, [.. names.Select(n => scored.GetColumn<float>("Probability." + n).Select(v => (double)v).ToArray())]).MacroAuroc;

    /// <summary>The one ECG embedding entry of a cache folder: rows, ids, dimension.</summary>
    private static (float[] Values, string[] Ids, int Dimension) CachedEmbeddings(string cache)
    {
        string json = Directory.GetFiles(cache, "*.json").Single(f => File.ReadAllText(f).Contains("ecg-embeddings", StringComparison.Ordinal));
        var ids = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetString()!).ToArray();
        using var reader = NpyReader.Open(Path.ChangeExtension(json, ".npy"));
        return (reader.ReadAll(), ids, (int)reader.RowLength);
    }
}
