using BenchmarkDotNet.Attributes;
using Microsoft.ML;

namespace DBeta.MLNet.Benchmarks;

/// <summary>Trains one model per CODE label on the cached embeddings: time, allocated memory, AUROC.</summary>
[MemoryDiagnoser]
[Config(typeof(ProbeTrainingConfig))]
public class ProbeTrainingBenchmarks : ProbeBenchmarkBase
{
    private ITransformer? _last;

    [GlobalSetup]
    public void Setup() => LoadRows();

    /// <summary>Trains the head on the training rows.</summary>
    [Benchmark]
    public ITransformer Train() => _last = ProbeTraining.Train(Head, TrainRows);

    [GlobalCleanup]
    public void KeepModel()
    {
        if (_last is not null) Remember(Head, Dataset, _last);
    }
}
