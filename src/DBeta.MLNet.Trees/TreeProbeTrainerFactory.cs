using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DBeta.MLNet;

/// <summary>The FastTree and LightGBM probe heads; the core finds this type by <see cref="TreeProbeTrainers.FactoryTypeName"/>.</summary>
internal sealed class TreeProbeTrainerFactory : ITreeProbeTrainerFactory
{
    public IEstimator<ITransformer> Create(MLContext ml, MultiLabelProbeOptions o, string label, string features)
    {
        var trainers = ml.BinaryClassification.Trainers;
        return o.Head switch
        {
            ProbeHead.FastTree => trainers.FastTree(new FastTreeBinaryTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = features,
                NumberOfTrees = o.NumberOfTrees,
                NumberOfLeaves = o.NumberOfLeaves,
                MinimumExampleCountPerLeaf = o.MinimumExampleCountPerLeaf,
                LearningRate = o.LearningRate,
                NumberOfThreads = o.NumberOfThreads,
                Seed = o.Seed,
            }),
            ProbeHead.LightGbm => trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                LabelColumnName = label,
                FeatureColumnName = features,
                NumberOfIterations = o.NumberOfTrees,
                NumberOfLeaves = o.NumberOfLeaves,
                MinimumExampleCountPerLeaf = o.MinimumExampleCountPerLeaf,
                LearningRate = o.LearningRate,
                NumberOfThreads = o.NumberOfThreads,
                Seed = o.Seed,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(o), o.Head, "not a tree probe head"),
        };
    }
}
