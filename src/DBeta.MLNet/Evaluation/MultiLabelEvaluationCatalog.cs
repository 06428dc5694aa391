using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>Multi-label evaluation on ML.NET's binary classification catalog: each label is one binary problem.</summary>
public static class MultiLabelEvaluationCatalog
{
    /// <summary>
    /// Per-label AUROC (as scikit-learn's <c>roc_auc_score</c>), macro AUROC and F1 at <paramref name="threshold"/> of
    /// the score columns <paramref name="scoreColumnPrefix"/> + label against the Boolean or Single (0/1) label
    /// columns <paramref name="labelColumnNames"/> (default: the six CODE labels). With the defaults it reads what
    /// <see cref="MultiLabelProbeEstimator"/> writes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it, the expected and the actual type.</exception>
    public static MultiLabelMetrics EvaluateMultiLabel(this BinaryClassificationCatalog catalog, IDataView data,
        IReadOnlyList<string>? labelColumnNames = null, string scoreColumnPrefix = MultiLabelEvaluator.DefaultScoreColumnPrefix,
        double threshold = MultiLabelEvaluator.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return MultiLabelEvaluator.Evaluate(data, labelColumnNames ?? CodeLabels.Names, scoreColumnPrefix, threshold);
    }
}
