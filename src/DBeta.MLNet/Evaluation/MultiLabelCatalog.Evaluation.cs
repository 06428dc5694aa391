using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class MultiLabelCatalog
{
    /// <summary>
    /// Per-label AUROC (as scikit-learn's <c>roc_auc_score</c>), macro AUROC (with <paramref name="bootstrap"/>, their
    /// bootstrap confidence intervals) and F1 at <paramref name="threshold"/> of
    /// the score columns <paramref name="scoreColumnPrefix"/> + label against the Boolean or Single (0/1) label
    /// columns <paramref name="labelColumnNames"/> (default: the six CODE labels). With the defaults it reads what
    /// <see cref="MultiLabelProbeEstimator"/> writes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it, the expected and the actual type.</exception>
    /// <example><code>
    /// var model = mlContext.BinaryClassification.Trainers.MultiLabelProbe().Fit(embeddedTrain);
    /// var metrics = mlContext.BinaryClassification.EvaluateMultiLabel(model.Transform(embeddedTest));
    /// Console.Write(metrics.ToTable());                               // per label: N, prevalence, AUROC, F1, ...
    /// </code></example>
    public static MultiLabelMetrics EvaluateMultiLabel(this BinaryClassificationCatalog catalog, IDataView data,
        IReadOnlyList<string>? labelColumnNames = null, string scoreColumnPrefix = MultiLabelEvaluator.DefaultScoreColumnPrefix,
        double threshold = MultiLabelEvaluator.DefaultThreshold, AurocBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return MultiLabelEvaluator.Evaluate(data, labelColumnNames ?? CodeLabels.Names, scoreColumnPrefix, threshold, bootstrap);
    }

    /// <summary>
    /// Per-label and macro metrics of a <c>Vector&lt;Single, K&gt;</c> score column (a zero-shot <c>Scores</c> or a
    /// probe's <c>Probabilities</c>) whose slot i scores <paramref name="labelColumnNames"/>[i]; with
    /// <paramref name="bootstrap"/>, AUROC confidence intervals too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type or length.</exception>
    /// <exception cref="ArgumentException">A label is not 0/1 or a score is not finite.</exception>
    /// <example><code>
    /// var scored = zeroShotModel.Transform(ecgs);
    /// var metrics = mlContext.BinaryClassification.EvaluateMultiLabelScores(scored, CodeLabels.Names);
    /// </code></example>
    public static MultiLabelMetrics EvaluateMultiLabelScores(this BinaryClassificationCatalog catalog, IDataView data,
        IReadOnlyList<string> labelColumnNames, string scoresColumnName = DBetaColumnNames.Scores, double threshold = MultiLabelEvaluator.DefaultThreshold,
        AurocBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return MultiLabelEvaluator.EvaluateVector(data, labelColumnNames, scoresColumnName, threshold, bootstrap);
    }

    /// <summary>
    /// Per-label and macro metrics of a scores CSV against a labels CSV, both laid out like CODE-test's
    /// <c>gold_standard.csv</c> (header of label names, one row per ECG in the same order): compare any model's output
    /// files, or <c>dbeta zero-shot</c>'s, with a gold standard.
    /// </summary>
    /// <exception cref="EcgDataException">A missing column, a value that is not a number (scores) or 0/1 (labels), or differing row counts.</exception>
    /// <example><code>
    /// var dnn = mlContext.BinaryClassification.EvaluateMultiLabelFiles("dnn.csv", "gold_standard.csv");
    /// </code></example>
    public static MultiLabelMetrics EvaluateMultiLabelFiles(this BinaryClassificationCatalog catalog, string scoresCsvPath, string labelsCsvPath,
        double threshold = MultiLabelEvaluator.DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return MultiLabelEvaluator.EvaluateFiles(scoresCsvPath, labelsCsvPath, threshold);
    }
}
