using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// Evaluates multi-label scores (one binary label per diagnosis, several may be true for one ECG): per-label
/// AUROC equal to scikit-learn's <c>roc_auc_score</c>, macro AUROC, and F1 / sensitivity / specificity at a
/// threshold. Labels are Boolean or Single (0/1) columns; scores are Single or Double columns, or one
/// <c>Vector&lt;Single, K&gt;</c> column in label order.
/// </summary>
internal static class MultiLabelEvaluator
{
    /// <summary>The prefix of the probability columns <see cref="MultiLabelProbeEstimator"/> writes (<c>Probability.RBBB</c>).</summary>
    public const string DefaultScoreColumnPrefix = "Probability.";

    /// <summary>The default decision threshold for F1, sensitivity and specificity (on probabilities).</summary>
    public const double DefaultThreshold = 0.5;

    /// <summary>
    /// Evaluates score columns named <paramref name="scoreColumnPrefix"/> + label (e.g. <c>Probability.RBBB</c>)
    /// against the label columns <paramref name="labelColumnNames"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it, the expected and the actual type.</exception>
    /// <exception cref="ArgumentException">A label is not 0/1 or a score is not finite; the message names the column and the row.</exception>
    public static MultiLabelMetrics Evaluate(IDataView data, IReadOnlyList<string> labelColumnNames,
        string scoreColumnPrefix = DefaultScoreColumnPrefix, double threshold = DefaultThreshold, AurocBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(labelColumnNames);
        ArgumentNullException.ThrowIfNull(scoreColumnPrefix);
        return Evaluate(data, labelColumnNames, labelColumnNames.Select(l => scoreColumnPrefix + l).ToArray(), threshold, bootstrap);
    }

    /// <summary>Evaluates one score column per label: <paramref name="scoreColumnNames"/>[i] scores <paramref name="labelColumnNames"/>[i].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type; the message names it, the expected and the actual type.</exception>
    /// <exception cref="ArgumentException">The lists differ in length, a label is not 0/1, or a score is not finite.</exception>
    public static MultiLabelMetrics Evaluate(IDataView data, IReadOnlyList<string> labelColumnNames,
        IReadOnlyList<string> scoreColumnNames, double threshold = DefaultThreshold, AurocBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckLabelList(labelColumnNames);
        ArgumentNullException.ThrowIfNull(scoreColumnNames);
        if (scoreColumnNames.Count != labelColumnNames.Count)
            throw new ArgumentException($"{labelColumnNames.Count} label columns but {scoreColumnNames.Count} score columns", nameof(scoreColumnNames));
        // Check every column's type before reading any row.
        foreach (string name in labelColumnNames) ColumnCheck.BinaryLabel(data.Schema, name);
        foreach (string name in scoreColumnNames) ColumnCheck.Score(data.Schema, name);
        var labels = ColumnValues.ReadBinaryLabels(data, labelColumnNames);
        var scores = ColumnValues.ReadScores(data, scoreColumnNames);
        return Evaluate(labelColumnNames, labels, scores, threshold, bootstrap);
    }

    /// <summary>
    /// Evaluates a <c>Vector&lt;Single, K&gt;</c> score column (e.g. a zero-shot <c>Scores</c> or a probe's
    /// <c>Probabilities</c>) whose slot i scores <paramref name="labelColumnNames"/>[i].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type or length.</exception>
    /// <exception cref="ArgumentException">A label is not 0/1 or a score is not finite.</exception>
    public static MultiLabelMetrics EvaluateVector(IDataView data, IReadOnlyList<string> labelColumnNames,
        string scoresColumnName, double threshold = DefaultThreshold, AurocBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckLabelList(labelColumnNames);
        ArgumentNullException.ThrowIfNull(scoresColumnName);
        foreach (string name in labelColumnNames) ColumnCheck.BinaryLabel(data.Schema, name);
        var labels = ColumnValues.ReadBinaryLabels(data, labelColumnNames);
        var scores = ColumnValues.ReadScoreVector(data, scoresColumnName, labelColumnNames.Count);
        return Evaluate(labelColumnNames, labels, scores, threshold, bootstrap);
    }

    /// <summary>
    /// Evaluates in-memory columns: <paramref name="labels"/>[i] and <paramref name="scores"/>[i] belong to
    /// <paramref name="labelNames"/>[i]; with <paramref name="bootstrap"/>, also AUROC intervals.
    /// </summary>
    /// <exception cref="ArgumentException">Counts or lengths differ, a score is not finite, or the threshold is not finite.</exception>
    public static MultiLabelMetrics Evaluate(IReadOnlyList<string> labelNames, IReadOnlyList<bool[]> labels,
        IReadOnlyList<double[]> scores, double threshold = DefaultThreshold, AurocBootstrapOptions? bootstrap = null)
    {
        CheckLabelList(labelNames);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        if (labels.Count != labelNames.Count || scores.Count != labelNames.Count)
            throw new ArgumentException($"{labelNames.Count} label names, {labels.Count} label columns and {scores.Count} score columns; expected one of each per label");
        var metrics = new MultiLabelMetrics(labelNames.Select((name, j) => LabelMetrics.Compute(name, labels[j], scores[j], threshold)).ToArray());
        if (bootstrap is null) return metrics;
        var (perLabel, macro) = AurocBootstrap.Compute(labels, scores, bootstrap);
        return metrics.WithIntervals(perLabel, macro);
    }

    /// <summary>
    /// Evaluates a scores CSV against a labels CSV, both laid out like CODE-test's <c>gold_standard.csv</c> (header
    /// of label names, one row per ECG in the same order). Every label column must have a score column of the same
    /// name; other score columns are ignored.
    /// </summary>
    /// <exception cref="EcgDataException">A missing column, a value that is not a number (scores) or 0/1 (labels), or differing row counts.</exception>
    public static MultiLabelMetrics EvaluateFiles(string scoresCsvPath, string labelsCsvPath, double threshold = DefaultThreshold, AurocBootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(scoresCsvPath);
        ArgumentNullException.ThrowIfNull(labelsCsvPath);
        var labelFile = EcgLabels.LoadCsv(labelsCsvPath);
        var scores = ScoresCsv.Read(scoresCsvPath, labelFile.Names);
        if (scores[0].Length != labelFile.RowCount)
            throw new EcgDataException(scoresCsvPath, $"has {scores[0].Length} rows but {labelsCsvPath} has {labelFile.RowCount}; expected one row per ECG in both, in the same order");
        var labels = EmbeddingDataset.LabelColumns(labelFile, labelFile.RowCount, scoresCsvPath);
        return Evaluate(labelFile.Names, labels, scores, threshold, bootstrap);
    }

    private static void CheckLabelList(IReadOnlyList<string> labelColumnNames)
    {
        ArgumentNullException.ThrowIfNull(labelColumnNames);
        if (labelColumnNames.Count == 0) throw new ArgumentException("no label columns given", nameof(labelColumnNames));
        if (labelColumnNames.Distinct().Count() != labelColumnNames.Count)
            throw new ArgumentException($"label columns repeat a name: {string.Join(", ", labelColumnNames)}", nameof(labelColumnNames));
    }
}
