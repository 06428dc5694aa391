namespace DBeta.MLNet;

/// <summary>A decision threshold chosen on held-out rows, for F1, sensitivity and specificity on the test rows.</summary>
internal static class ThresholdChoice
{
    /// <summary>
    /// The score at or above which rows are called positive that gives the highest F1 on <paramref name="labels"/> (ties
    /// to the higher threshold: fewer false positives at equal F1); null when the rows hold no positive.
    /// </summary>
    public static double? BestF1(bool[] labels, double[] scores)
    {
        int positives = labels.Count(l => l);
        if (positives == 0) return null;
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double best = double.NegativeInfinity, bestThreshold = scores[order[0]];
        int tp = 0, fp = 0;
        for (int g = 0; g < order.Length;)
        {
            double threshold = scores[order[g]];
            for (; g < order.Length && scores[order[g]] == threshold; g++)
                if (labels[order[g]]) tp++; else fp++;
            double f1 = 2.0 * tp / (2.0 * tp + fp + (positives - tp));
            if (f1 > best) { best = f1; bestThreshold = threshold; }
        }
        return bestThreshold;
    }
}
