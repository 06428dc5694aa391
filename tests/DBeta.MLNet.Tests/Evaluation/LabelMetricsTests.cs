
namespace DBeta.MLNet.Tests.Evaluation;

[TestClass]
public sealed class LabelMetricsTests
{
    public static IEnumerable<object[]> Cases => AurocCase.All.Select(c => new object[] { c.Name });

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void F1SensitivitySpecificityAtHalfEqualScikitLearn(string name)
    {
        var c = AurocCase.Named(name);
        var m = LabelMetrics.Compute(name, c.Labels, c.Scores, 0.5);
        Assert.AreEqual(c.F1, m.F1, 1e-15, "f1");
        if (c.Sensitivity is { } sensitivity) Assert.AreEqual(sensitivity, m.Sensitivity, 1e-15, "sensitivity");
        if (c.Specificity is { } specificity) Assert.AreEqual(specificity, m.Specificity, 1e-15, "specificity");
        Assert.AreEqual(c.Labels.Length, m.Count);
        Assert.AreEqual((double)c.Labels.Count(l => l) / c.Labels.Length, m.Prevalence, 1e-15);
        if (c.Auroc is { } auroc) Assert.AreEqual(auroc, m.Auroc, 1e-12);
    }

    [TestMethod]
    public void ScoresEqualToTheThresholdArePredictedPositive()
    {
        // tied_at_threshold: scores 0.5 count as positive predictions (roc_curve's >= convention).
        var c = AurocCase.Named("tied_at_threshold");
        var m = LabelMetrics.Compute("x", c.Labels, c.Scores, 0.5);
        Assert.AreEqual(3, m.TruePositives);
        Assert.AreEqual(3, m.FalsePositives);
        Assert.AreEqual(1, m.FalseNegatives);
        Assert.AreEqual(1, m.TrueNegatives);
    }

    [TestMethod]
    [DataRow("only_positives")]
    [DataRow("only_negatives")]
    public void UndefinedAurocIsNaNWithItsReason(string name)
    {
        var c = AurocCase.Named(name);
        var m = LabelMetrics.Compute(name, c.Labels, c.Scores);
        Assert.IsTrue(double.IsNaN(m.Auroc));
        Assert.AreEqual(c.Undefined, m.AurocUndefinedReason);
        Assert.IsNull(m.Roc);
        Assert.AreEqual(name == "only_positives", double.IsNaN(m.Specificity));
        Assert.AreEqual(name == "only_negatives", double.IsNaN(m.Sensitivity));
    }

    [TestMethod]
    public void BadInputIsAnErrorNamingTheLabel()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => LabelMetrics.Compute("RBBB", [true, false], [0.2, double.PositiveInfinity]));
        StringAssert.Contains(e.Message, "RBBB");
        Assert.ThrowsExactly<ArgumentException>(() => LabelMetrics.Compute("RBBB", [true, false], [0.2, 0.1], double.NaN));
        Assert.ThrowsExactly<ArgumentException>(() => LabelMetrics.Compute("RBBB", [true], [0.2, 0.1]));
    }
}
