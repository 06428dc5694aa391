using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// Multi-label extensions of ML.NET's binary classification catalog, where each label is one binary problem: the
/// probe trainer (<c>mlContext.BinaryClassification.Trainers.MultiLabelProbe</c>) and the evaluation
/// (<c>EvaluateMultiLabel</c>, <c>EvaluateMultiLabelScores</c>, <c>EvaluateMultiLabelFiles</c>).
/// </summary>
public static partial class MultiLabelCatalog
{
    /// <summary>
    /// A multi-label probe on an embedding column: one <paramref name="head"/> model per label in
    /// <paramref name="labelColumnNames"/> (default: the six CODE labels), trained on a seeded, stratified
    /// <paramref name="labelFraction"/> of the rows. See <see cref="MultiLabelProbeOptions"/> for the rest.
    /// </summary>
    /// <example><code>
    /// var probe = mlContext.BinaryClassification.Trainers.MultiLabelProbe(ProbeHead.LbfgsLogisticRegression, labelFraction: 0.1);
    /// var model = probe.Fit(embeddedTrain);                            // Probability.AF, ... per label
    /// var metrics = mlContext.BinaryClassification.EvaluateMultiLabel(model.Transform(embeddedTest));
    /// </code></example>
    public static MultiLabelProbeEstimator MultiLabelProbe(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string embeddingColumnName = DBetaColumnNames.Embedding, IReadOnlyList<string>? labelColumnNames = null,
        ProbeHead head = ProbeHead.LbfgsLogisticRegression, double labelFraction = 1.0, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MultiLabelProbeEstimator(new MultiLabelProbeOptions
        {
            EmbeddingColumnName = embeddingColumnName,
            LabelColumnNames = labelColumnNames ?? CodeLabels.Names,
            Head = head,
            LabelFraction = labelFraction,
            Seed = seed,
        });
    }

    /// <summary>A multi-label probe configured by <paramref name="options"/>.</summary>
    /// <example><code>
    /// var probe = mlContext.BinaryClassification.Trainers.MultiLabelProbe(ProbeHead.LbfgsLogisticRegression, labelFraction: 0.1);
    /// var model = probe.Fit(embeddedTrain);                            // Probability.AF, ... per label
    /// var metrics = mlContext.BinaryClassification.EvaluateMultiLabel(model.Transform(embeddedTest));
    /// </code></example>
    public static MultiLabelProbeEstimator MultiLabelProbe(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        MultiLabelProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MultiLabelProbeEstimator(options);
    }
}
