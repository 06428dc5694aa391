namespace DBeta.MLNet;

/// <summary>
/// The receiver operating characteristic of one binary label, computed like scikit-learn's
/// <c>roc_curve(y, s, drop_intermediate=False)</c> and <c>roc_auc_score(y, s)</c>: one point per distinct score,
/// so tied scores move the curve diagonally and the trapezoidal area equals the Mann-Whitney statistic with
/// average ranks.
/// </summary>
public sealed class RocCurve
{
    /// <summary>False positive rate (1 - specificity) of each point, from 0 to 1.</summary>
    public IReadOnlyList<double> FalsePositiveRates { get; }

    /// <summary>True positive rate (sensitivity) of each point, from 0 to 1.</summary>
    public IReadOnlyList<double> TruePositiveRates { get; }

    /// <summary>
    /// The score threshold of each point (predicted positive when score &gt;= threshold), descending; the first is
    /// <see cref="double.PositiveInfinity"/> (nothing predicted positive), as in scikit-learn 1.3 and later.
    /// </summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>Rows whose label is positive.</summary>
    public int Positives { get; }

    /// <summary>Rows whose label is negative.</summary>
    public int Negatives { get; }

    /// <summary>Area under the curve (AUROC), by the trapezoidal rule.</summary>
    public double Auroc { get; }

    private RocCurve(double[] fpr, double[] tpr, double[] thresholds, int positives, int negatives, double auroc)
    {
        FalsePositiveRates = fpr;
        TruePositiveRates = tpr;
        Thresholds = thresholds;
        Positives = positives;
        Negatives = negatives;
        Auroc = auroc;
    }

    /// <summary>Computes the curve of <paramref name="scores"/> against <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The lengths differ, a score is not finite, or only one class is present (AUROC is undefined, as in scikit-learn).
    /// </exception>
    public static RocCurve Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length)
            throw new ArgumentException($"{labels.Length} labels but {scores.Length} scores", nameof(scores));
        int n = labels.Length, positives = 0;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"score {i} is {scores[i]}, not a finite number", nameof(scores));
            if (labels[i]) positives++;
        }
        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException(
                $"AUROC is undefined: {UndefinedReason(positives, negatives)} among {n} rows", nameof(labels));

        var order = new int[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++) { order[i] = i; keys[i] = -scores[i]; }
        Array.Sort(keys, order);

        var fpr = new List<double>(n + 1) { 0 };
        var tpr = new List<double>(n + 1) { 0 };
        var thresholds = new List<double>(n + 1) { double.PositiveInfinity };
        // Twice the area in units of (1 / positives) x (1 / negatives): integer, so exact until the final division.
        long twiceArea = 0;
        long tp = 0, fp = 0;
        for (int i = 0; i < n;)
        {
            double score = -keys[i];
            long tpBefore = tp, fpBefore = fp;
            for (; i < n && -keys[i] == score; i++)
                if (labels[order[i]]) tp++; else fp++;
            twiceArea += (fp - fpBefore) * (tp + tpBefore);
            fpr.Add((double)fp / negatives);
            tpr.Add((double)tp / positives);
            thresholds.Add(score);
        }
        double auroc = twiceArea / (2.0 * positives * negatives);
        return new RocCurve([.. fpr], [.. tpr], [.. thresholds], positives, negatives, auroc);
    }

    /// <summary>Computes the curve of single-precision scores (probabilities from ML.NET's trainers).</summary>
    public static RocCurve Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<float> scores)
    {
        var wide = new double[scores.Length];
        for (int i = 0; i < wide.Length; i++) wide[i] = scores[i];
        return Compute(labels, wide);
    }

    /// <summary>Why AUROC is undefined for these counts ("only positives" / "only negatives" / "no rows"), or null.</summary>
    public static string? UndefinedReason(int positives, int negatives) => (positives, negatives) switch
    {
        (0, 0) => "no rows",
        (0, _) => "only negatives",
        (_, 0) => "only positives",
        _ => null,
    };
}
