
namespace DBeta.MLNet.Tests.Evaluation;

[TestClass]
public sealed class RocCurveTests
{
    public static IEnumerable<object[]> DefinedCases => AurocCase.All.Where(c => c.Auroc is not null).Select(c => new object[] { c.Name });

    [TestMethod]
    [DynamicData(nameof(DefinedCases))]
    public void AurocEqualsScikitLearn(string name)
    {
        var c = AurocCase.Named(name);
        var roc = RocCurve.Compute(c.Labels, c.Scores);
        Assert.AreEqual(c.Auroc!.Value, roc.Auroc, 1e-12, name);
        Assert.AreEqual(c.Labels.Count(l => l), roc.Positives);
        Assert.AreEqual(c.Labels.Count(l => !l), roc.Negatives);
    }

    [TestMethod]
    [DynamicData(nameof(DefinedCases))]
    public void CurveEqualsScikitLearnRocCurveWithoutDroppingPoints(string name)
    {
        var c = AurocCase.Named(name);
        var roc = RocCurve.Compute(c.Labels, c.Scores);
        Assert.HasCount(c.Fpr.Length, roc.FalsePositiveRates, name);
        for (int i = 0; i < c.Fpr.Length; i++)
        {
            Assert.AreEqual(c.Fpr[i], roc.FalsePositiveRates[i], 1e-15, $"{name} fpr[{i}]");
            Assert.AreEqual(c.Tpr[i], roc.TruePositiveRates[i], 1e-15, $"{name} tpr[{i}]");
        }
        // scikit-learn 1.2 puts max + 1 first (1.3+ puts inf, as we do); the rest are the distinct scores.
        Assert.AreEqual(double.PositiveInfinity, roc.Thresholds[0]);
        CollectionAssert.AreEqual(c.Thresholds[1..], roc.Thresholds.Skip(1).ToArray(), name);
    }

    [TestMethod]
    public void TiesAreHalfCountedLikeMannWhitneyWithAverageRanks()
    {
        // Every positive tied with every negative: 0.5; one positive above, one tied: (1 + 0.5) / 2.
        Assert.AreEqual(0.5, RocCurve.Compute([true, false, true, false], [0.3, 0.3, 0.3, 0.3]).Auroc);
        Assert.AreEqual(0.75, RocCurve.Compute([true, true, false], [0.9, 0.2, 0.2]).Auroc);
        var mixed = AurocCase.Named("many_ties_one_decimal");
        Assert.AreEqual(MannWhitney(mixed.Labels, mixed.Scores), RocCurve.Compute(mixed.Labels, mixed.Scores).Auroc, 1e-12);
    }

    [TestMethod]
    public void SinglePrecisionScoresGiveTheSameCurve()
    {
        var c = AurocCase.Named("continuous_float32");
        float[] singles = c.Scores.Select(s => (float)s).ToArray();
        Assert.AreEqual(c.Auroc!.Value, RocCurve.Compute(c.Labels, singles).Auroc, 1e-12);
    }

    [TestMethod]
    [DataRow("only_positives")]
    [DataRow("only_negatives")]
    public void OneClassIsAnErrorThatSaysWhich(string name)
    {
        var c = AurocCase.Named(name);
        var e = Assert.ThrowsExactly<ArgumentException>(() => RocCurve.Compute(c.Labels, c.Scores));
        StringAssert.Contains(e.Message, "AUROC is undefined");
        StringAssert.Contains(e.Message, c.Undefined!);
    }

    [TestMethod]
    public void NonFiniteScoresAndLengthMismatchAreErrors()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => RocCurve.Compute([true, false], [0.1, double.NaN]));
        StringAssert.Contains(e.Message, "score 1 is NaN");
        Assert.ThrowsExactly<ArgumentException>(() => RocCurve.Compute([true, false], [0.1]));
    }

    private static double MannWhitney(bool[] labels, double[] scores)
    {
        // Average ranks of the positives: (R+ - P(P+1)/2) / (P N).
        var sorted = scores.Select((s, i) => (s, i)).OrderBy(t => t.s).ToArray();
        var rank = new double[scores.Length];
        for (int a = 0; a < sorted.Length;)
        {
            int b = a;
            while (b < sorted.Length && sorted[b].s == sorted[a].s) b++;
            for (int k = a; k < b; k++) rank[sorted[k].i] = (a + b + 1) / 2.0;
            a = b;
        }
        double p = labels.Count(l => l), n = labels.Length - p;
        double sum = labels.Select((l, i) => l ? rank[i] : 0).Sum();
        return (sum - p * (p + 1) / 2) / (p * n);
    }
}
