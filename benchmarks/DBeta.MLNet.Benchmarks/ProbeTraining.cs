using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace DBeta.MLNet.Benchmarks;

/// <summary>The probe heads compared: the library's four, and three more ML.NET binary trainers.</summary>
public enum BenchmarkHead
{
    /// <summary><see cref="ProbeHead.LbfgsLogisticRegression"/> (D-BETA's linear probe).</summary>
    LbfgsLogisticRegression,

    /// <summary><see cref="ProbeHead.SdcaLogisticRegression"/>.</summary>
    SdcaLogisticRegression,

    /// <summary><see cref="ProbeHead.FastTree"/>.</summary>
    FastTree,

    /// <summary><see cref="ProbeHead.LightGbm"/>.</summary>
    LightGbm,

    /// <summary>ML.NET's <c>AveragedPerceptron</c> on standardised embeddings (10 passes).</summary>
    AveragedPerceptron,

    /// <summary>ML.NET's <c>LinearSvm</c> (Pegasos) on standardised embeddings.</summary>
    LinearSvm,

    /// <summary>ML.NET's <c>FastForest</c> (100 trees, 20 leaves).</summary>
    FastForest,
}

/// <summary>Trains any <see cref="BenchmarkHead"/> as one binary model per CODE label and scores it, like <c>MultiLabelProbe</c>.</summary>
internal static class ProbeTraining
{
    public const string ScorePrefix = "Score.";

    public static ITransformer Train(BenchmarkHead head, EmbeddingDataset train)
    {
        var labels = train.LabelNames.ToArray();
        if (head <= BenchmarkHead.LightGbm)
            return new MLContext(seed: 0).BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions
            {
                EmbeddingColumnName = train.EmbeddingColumnName,
                LabelColumnNames = labels,
                Head = (ProbeHead)(int)head,
            }).Fit(train);

        var ml = new MLContext(seed: 0);
        var chain = new List<ITransformer>();
        IDataView output = train;
        string features = train.EmbeddingColumnName;
        if (head != BenchmarkHead.FastForest)
        {
            var normalizer = ml.Transforms.NormalizeMeanVariance("Features", features).Fit(train);
            chain.Add(normalizer);
            output = normalizer.Transform(train);
            features = "Features";
        }
        var trainingView = output;
        foreach (string label in labels)
        {
            IEstimator<ITransformer> trainer = head switch
            {
                BenchmarkHead.AveragedPerceptron => ml.BinaryClassification.Trainers.AveragedPerceptron(new AveragedPerceptronTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = 10,
                }),
                BenchmarkHead.LinearSvm => ml.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = features,
                }),
                _ => ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
                {
                    LabelColumnName = label, FeatureColumnName = features, NumberOfTrees = 100, NumberOfLeaves = 20, NumberOfThreads = 1,
                }),
            };
            var model = trainer.Fit(trainingView);
            output = model.Transform(output);
            var copy = ml.Transforms.CopyColumns(ScorePrefix + label, "Score").Fit(output);
            output = copy.Transform(output);
            chain.Add(model);
            chain.Add(copy);
        }
        return new TransformerChain<ITransformer>([.. chain]);
    }

    /// <summary>Scores every test row and reads every label's score (what a user's evaluation does); returns their sum.</summary>
    public static double Score(ITransformer model, EmbeddingDataset test)
    {
        var scored = model.Transform(test);
        var columns = test.LabelNames.Select(l => scored.Schema[ScorePrefix + l]).ToArray();
        using var cursor = scored.GetRowCursor(columns);
        var getters = columns.Select(c => cursor.GetGetter<float>(c)).ToArray();
        double sum = 0;
        float value = 0;
        while (cursor.MoveNext())
            foreach (var getter in getters)
            {
                getter(ref value);
                sum += value;
            }
        return sum;
    }

    /// <summary>Macro AUROC of a trained multi-label <paramref name="model"/> on <paramref name="test"/>.</summary>
    public static double MacroAuroc(ITransformer model, EmbeddingDataset test) =>
        new MLContext().BinaryClassification.EvaluateMultiLabel(model.Transform(test), test.LabelNames, ScorePrefix).MacroAuroc;
}
