namespace DBeta.MLNet.Tests.Evaluation.Protocol;

/// <summary><see cref="ThresholdChoice.BestF1"/> against a brute force over every score as the threshold.</summary>
[TestClass]
public sealed class ThresholdChoiceTests
{
    /// <summary>F1 when rows scoring at least <paramref name="threshold"/> are called positive.</summary>
    private static double F1At(bool[] labels, double[] scores, double threshold)
    {
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            bool called = scores[i] >= threshold;
            if (called && labels[i]) tp++;
            else if (called) fp++;
            else if (labels[i]) fn++;
        }
        return 2.0 * tp / (2.0 * tp + fp + fn);
    }

    [TestMethod]
    public void ItIsTheScoreWithTheHighestF1AndTiesGoToTheHigherThreshold()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 40);
            // Scores rounded to tenths: many ties among rows and among thresholds' F1.
            var scores = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
            var labels = scores.Select(s => random.NextDouble() < 0.3 + 0.4 * s).ToArray();
            if (!labels.Any(l => l)) labels[random.Next(n)] = true;

            double best = scores.Distinct().Max(t => F1At(labels, scores, t));
            double expected = scores.Distinct().Where(t => F1At(labels, scores, t) == best).Max();
            Assert.AreEqual(expected, ThresholdChoice.BestF1(labels, scores), $"trial {trial}");
        }
    }

    [TestMethod]
    public void RowsWithoutAPositiveHaveNoThresholdAndATieGoesUp()
    {
        Assert.IsNull(ThresholdChoice.BestF1([false, false], [0.2, 0.9]));
        // The best F1, 2/3, at 0.9 (one of two positives, no false positive) and at 0.2 (both, two false ones): the higher.
        Assert.AreEqual(0.9, ThresholdChoice.BestF1([true, false, false, true], [0.9, 0.7, 0.6, 0.2]));
    }
}
