using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Evaluation;

[TestClass]
public sealed class MultiLabelEvaluatorTests
{
    private static string Probes(string file) => RepoPaths.Fixture("probes", file);

    [TestMethod]
    public void FilesEvaluateToScikitLearnsMetrics()
    {
        var sklearn = SklearnProbe.Load();
        var metrics = MultiLabelEvaluator.EvaluateFiles(Probes("sklearn_lr_test_probabilities.csv"), Probes("test_labels.csv"));
        CollectionAssert.AreEqual(sklearn.Labels, metrics.PerLabel.Select(m => m.Label).ToArray());
        foreach (var m in metrics.PerLabel)
        {
            var expected = sklearn.PerLabel[m.Label];
            Assert.AreEqual(expected.Auroc, m.Auroc, 1e-12, m.Label);
            Assert.AreEqual(expected.F1, m.F1, 1e-12, m.Label);
            Assert.AreEqual(expected.Sensitivity, m.Sensitivity, 1e-12, m.Label);
            Assert.AreEqual(expected.Specificity, m.Specificity, 1e-12, m.Label);
            Assert.AreEqual(expected.TestPositives, m.Positives, m.Label);
        }
        Assert.AreEqual(sklearn.MacroAuroc, metrics.MacroAuroc, 1e-12);
    }

    [TestMethod]
    public void DataViewColumnsOfEveryAcceptedTypeGiveTheSameMetrics()
    {
        var a = AurocCase.Named("many_ties_one_decimal");
        var b = AurocCase.Named("integer_scores");
        var rows = Enumerable.Range(0, a.Labels.Length).Select(i => new Row
        {
            BoolLabel = a.Labels[i],
            SingleLabel = b.Labels[i] ? 1f : 0f,
            ScoreA = (float)a.Scores[i],
            ScoreB = b.Scores[i],
            Scores = [(float)a.Scores[i], (float)b.Scores[i]],
        }).ToList();
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(rows);
        var expected = MultiLabelEvaluator.Evaluate(["A", "B"],
            [a.Labels, b.Labels[..a.Labels.Length]], [a.Scores, b.Scores[..a.Labels.Length]]);

        var byName = MultiLabelEvaluator.Evaluate(data, ["BoolLabel", "SingleLabel"], ["ScoreA", "ScoreB"]);
        var byVector = MultiLabelEvaluator.EvaluateVector(data, ["BoolLabel", "SingleLabel"], "Scores");
        foreach (var actual in new[] { byName, byVector })
            for (int j = 0; j < 2; j++)
            {
                Assert.AreEqual(expected.PerLabel[j].Auroc, actual.PerLabel[j].Auroc, 1e-12);
                Assert.AreEqual(expected.PerLabel[j].F1, actual.PerLabel[j].F1, 1e-12);
            }
        Assert.AreEqual(a.Auroc!.Value, byName.PerLabel[0].Auroc, 1e-12);
        Assert.AreEqual("SingleLabel", byName.PerLabel[1].Label);
    }

    [TestMethod]
    public void CatalogReadsPrefixedProbabilityColumns()
    {
        var c = AurocCase.Named("continuous_float32");
        var rows = c.Labels.Select((l, i) => new PrefixedRow { RBBB = l, Probability = (float)c.Scores[i] }).ToList();
        var ml = new MLContext(0);
        var data = ml.Transforms.CopyColumns("Probability.RBBB", nameof(PrefixedRow.Probability)).Fit(ml.Data.LoadFromEnumerable(rows))
            .Transform(ml.Data.LoadFromEnumerable(rows));
        var metrics = ml.BinaryClassification.EvaluateMultiLabel(data, ["RBBB"]);
        Assert.AreEqual(c.Auroc!.Value, metrics["RBBB"].Auroc, 1e-12);
    }

    [TestMethod]
    public void BadSchemaNamesTheColumnTheExpectedAndTheActualType()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { Scores = [0, 0] }, new Row { Scores = [0, 0] } });
        AssertMismatch(() => MultiLabelEvaluator.Evaluate(data, ["RBBB"], ["ScoreA"]),
            "'RBBB': expected Boolean or Single (0/1), got no such column");
        AssertMismatch(() => MultiLabelEvaluator.Evaluate(data, ["Text"], ["ScoreA"]),
            "'Text': expected Boolean or Single (0/1), got String");
        AssertMismatch(() => MultiLabelEvaluator.Evaluate(data, ["Scores"], ["ScoreA"]),
            "'Scores': expected Boolean or Single (0/1), got Vector<Single, 2>");
        AssertMismatch(() => MultiLabelEvaluator.Evaluate(data, ["BoolLabel"], ["Text"]),
            "'Text': expected Single or Double, got String");
        AssertMismatch(() => MultiLabelEvaluator.EvaluateVector(data, ["BoolLabel", "SingleLabel", "BoolLabel2"], "Scores"),
            "'Scores': expected Vector<Single, 3> (one score per label), got Vector<Single, 2>");
    }

    [TestMethod]
    public void LabelsOtherThanZeroOrOneAreErrorsNamingColumnAndRow()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { SingleLabel = 1, Scores = [0, 0] }, new Row { SingleLabel = 0.5f, Scores = [0, 0] } });
        var e = Assert.ThrowsExactly<ArgumentException>(() => MultiLabelEvaluator.Evaluate(data, ["SingleLabel"], ["ScoreA"]));
        StringAssert.Contains(e.Message, "'SingleLabel' row 1: 0.5 is not a binary label");
        var nan = ml.Data.LoadFromEnumerable(new[] { new Row { ScoreA = float.NaN, Scores = [0, 0] } });
        e = Assert.ThrowsExactly<ArgumentException>(() => MultiLabelEvaluator.Evaluate(nan, ["BoolLabel"], ["ScoreA"]));
        StringAssert.Contains(e.Message, "'ScoreA' row 0: NaN is not a finite score");
    }

    [TestMethod]
    public void BadFilesAreDataErrorsNamingTheFile()
    {
        using var temp = new TempFolder();
        string labels = temp.File("labels.csv"), scores = temp.File("scores.csv");
        File.WriteAllText(labels, "1dAVb,RBBB\n0,1\n1,0\n");

        File.WriteAllText(scores, "1dAVb,RBBB\n0.1,0.9\n");
        var e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        Assert.AreEqual(scores, e.FilePath);
        StringAssert.Contains(e.Message, "has 1 rows but");

        File.WriteAllText(scores, "1dAVb,LBBB\n0.1,0.9\n0.2,0.3\n");
        e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        StringAssert.Contains(e.Message, "has no column 'RBBB'");

        File.WriteAllText(scores, "1dAVb,RBBB,RBBB\n0.1,0.9,0.9\n0.2,0.3,0.3\n");
        e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        StringAssert.Contains(e.Message, "has column 'RBBB' twice");

        File.WriteAllText(scores, "1dAVb,RBBB\n0.1,0.9\n0.2,high\n");
        e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        StringAssert.Contains(e.Message, "row 2 (line 3), column 'RBBB': 'high' is not a finite number");

        File.WriteAllText(scores, "1dAVb,RBBB\n0.1,0.9\n0.2\n");
        e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        StringAssert.Contains(e.Message, "row 2 (line 3) has 1 fields, the header has 2");

        File.WriteAllText(scores, "1dAVb,RBBB\n0.1,0.9\n0.2,0.3\n");
        File.WriteAllText(labels, "1dAVb,RBBB\n0,1\n1,2\n");
        e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        Assert.AreEqual(labels, e.FilePath);
        StringAssert.Contains(e.Message, "row 2 (line 3), column 'RBBB': '2' is not a binary label");

        File.WriteAllText(labels, "");
        e = Assert.ThrowsExactly<EcgDataException>(() => MultiLabelEvaluator.EvaluateFiles(scores, labels));
        StringAssert.Contains(e.Message, "is empty");
        Assert.ThrowsExactly<FileNotFoundException>(() => MultiLabelEvaluator.EvaluateFiles(temp.File("none.csv"), Probes("test_labels.csv")));
    }

    private static void AssertMismatch(Action action, string expected)
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(action);
        StringAssert.Contains(e.Message, "Schema mismatch for input column " + expected);
    }

    private sealed class Row
    {
        public bool BoolLabel { get; set; }
        public bool BoolLabel2 { get; set; }
        public float SingleLabel { get; set; }
        public float ScoreA { get; set; }
        public double ScoreB { get; set; }
        [VectorType(2)] public float[] Scores { get; set; } = [];
        public string Text { get; set; } = "";
    }

    private sealed class PrefixedRow
    {
        public bool RBBB { get; set; }
        public float Probability { get; set; }
    }
}
