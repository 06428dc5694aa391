namespace DBeta.MLNet;

/// <summary>
/// Metrics of one label of a multi-label evaluation: AUROC (threshold-free) and, at <see cref="Threshold"/>, the
/// confusion counts with F1, sensitivity and specificity. A row is predicted positive when its score is
/// &gt;= <see cref="Threshold"/>, the convention of scikit-learn's <c>roc_curve</c>.
/// </summary>
public sealed class LabelMetrics
{
    /// <summary>The label (its column name).</summary>
    public required string Label { get; init; }

    /// <summary>Rows evaluated.</summary>
    public int Count => Positives + Negatives;

    /// <summary>Rows whose label is positive.</summary>
    public required int Positives { get; init; }

    /// <summary>Rows whose label is negative.</summary>
    public required int Negatives { get; init; }

    /// <summary>Fraction of rows that are positive; NaN when there are no rows.</summary>
    public double Prevalence => Count == 0 ? double.NaN : (double)Positives / Count;

    /// <summary>
    /// Area under the ROC curve, equal to scikit-learn's <c>roc_auc_score</c>; NaN when it is undefined, with
    /// <see cref="AurocUndefinedReason"/> saying why.
    /// </summary>
    public double Auroc => Roc?.Auroc ?? double.NaN;

    /// <summary>Null when <see cref="Auroc"/> is defined; otherwise "only positives", "only negatives" or "no rows".</summary>
    public string? AurocUndefinedReason => RocCurve.UndefinedReason(Positives, Negatives);

    /// <summary>The ROC curve; null when only one class is present.</summary>
    public RocCurve? Roc { get; init; }

    /// <summary>The bootstrap interval of <see cref="Auroc"/>, when the evaluation asked for one; null where AUROC is undefined.</summary>
    public AurocInterval? AurocInterval { get; init; }

    /// <summary>A copy with <paramref name="interval"/> as its <see cref="AurocInterval"/>.</summary>
    internal LabelMetrics WithInterval(AurocInterval? interval) => new()
    {
        Label = Label, Positives = Positives, Negatives = Negatives, Roc = Roc, Threshold = Threshold,
        TruePositives = TruePositives, FalsePositives = FalsePositives, AurocInterval = interval,
    };

    /// <summary>The score at or above which a row counts as predicted positive.</summary>
    public required double Threshold { get; init; }

    /// <summary>Positive rows predicted positive.</summary>
    public required int TruePositives { get; init; }

    /// <summary>Negative rows predicted positive.</summary>
    public required int FalsePositives { get; init; }

    /// <summary>Positive rows predicted negative.</summary>
    public int FalseNegatives => Positives - TruePositives;

    /// <summary>Negative rows predicted negative.</summary>
    public int TrueNegatives => Negatives - FalsePositives;

    /// <summary>
    /// F1 = 2TP / (2TP + FP + FN); 0 when that denominator is 0 (no positives, none predicted), like scikit-learn's
    /// <c>f1_score(zero_division=0)</c>.
    /// </summary>
    public double F1
    {
        get
        {
            int denominator = 2 * TruePositives + FalsePositives + FalseNegatives;
            return denominator == 0 ? 0 : 2.0 * TruePositives / denominator;
        }
    }

    /// <summary>Sensitivity (recall, true positive rate) TP / (TP + FN); NaN when there are no positives.</summary>
    public double Sensitivity => Positives == 0 ? double.NaN : (double)TruePositives / Positives;

    /// <summary>Specificity (true negative rate) TN / (TN + FP); NaN when there are no negatives.</summary>
    public double Specificity => Negatives == 0 ? double.NaN : (double)TrueNegatives / Negatives;

    /// <summary>Precision (positive predictive value) TP / (TP + FP); NaN when nothing is predicted positive.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>Computes the metrics of one label from its labels and scores.</summary>
    /// <exception cref="ArgumentException">The lengths differ, a score is not finite, or the threshold is not finite.</exception>
    public static LabelMetrics Compute(string label, ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores, double threshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!double.IsFinite(threshold))
            throw new ArgumentException($"threshold is {threshold}, expected a finite number", nameof(threshold));
        if (labels.Length != scores.Length)
            throw new ArgumentException($"label '{label}': {labels.Length} labels but {scores.Length} scores", nameof(scores));
        int positives = 0, truePositives = 0, falsePositives = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (!double.IsFinite(scores[i]))
                throw new ArgumentException($"label '{label}': score {i} is {scores[i]}, not a finite number", nameof(scores));
            bool predicted = scores[i] >= threshold;
            if (labels[i]) { positives++; if (predicted) truePositives++; }
            else if (predicted) falsePositives++;
        }
        int negatives = labels.Length - positives;
        return new LabelMetrics
        {
            Label = label,
            Positives = positives,
            Negatives = negatives,
            Roc = positives > 0 && negatives > 0 ? RocCurve.Compute(labels, scores) : null,
            Threshold = threshold,
            TruePositives = truePositives,
            FalsePositives = falsePositives,
        };
    }
}
