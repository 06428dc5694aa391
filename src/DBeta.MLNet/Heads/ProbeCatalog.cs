using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>Multi-label probes on ML.NET's binary classification trainers catalog: one binary model per label.</summary>
public static class ProbeCatalog
{
    /// <summary>
    /// A multi-label probe on an embedding column: one <paramref name="head"/> model per label in
    /// <paramref name="labelColumnNames"/> (default: the six CODE labels), trained on a seeded, stratified
    /// <paramref name="labelFraction"/> of the rows. See <see cref="MultiLabelProbeEstimator.Options"/> for the rest.
    /// </summary>
    public static MultiLabelProbeEstimator MultiLabelProbe(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string embeddingColumnName = "Embedding", IReadOnlyList<string>? labelColumnNames = null,
        ProbeHead head = ProbeHead.LbfgsLogisticRegression, double labelFraction = 1.0, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MultiLabelProbeEstimator(new MultiLabelProbeEstimator.Options
        {
            EmbeddingColumnName = embeddingColumnName,
            LabelColumnNames = labelColumnNames ?? CodeLabels.Names,
            Head = head,
            LabelFraction = labelFraction,
            Seed = seed,
        });
    }

    /// <summary>A multi-label probe configured by <paramref name="options"/>.</summary>
    public static MultiLabelProbeEstimator MultiLabelProbe(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        MultiLabelProbeEstimator.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new MultiLabelProbeEstimator(options);
    }
}
