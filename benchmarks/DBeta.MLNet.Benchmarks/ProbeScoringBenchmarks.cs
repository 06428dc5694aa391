using BenchmarkDotNet.Attributes;
using Microsoft.ML;

namespace DBeta.MLNet.Benchmarks;

/// <summary>Scores the held-out rows with a trained head (every label's score read): time, allocated memory, AUROC.</summary>
[MemoryDiagnoser]
[Config(typeof(ProbeScoringConfig))]
public class ProbeScoringBenchmarks : ProbeBenchmarkBase
{
    private ITransformer _model = null!;

    [GlobalSetup]
    public void TrainModel()
    {
        LoadRows();
        _model = Model(Head, Dataset);
    }

    /// <summary>Scores the held-out rows.</summary>
    [Benchmark]
    public double Score() => ProbeTraining.Score(_model, TestRows);
}
