using BenchmarkDotNet.Attributes;
using Microsoft.ML;

namespace DBeta.MLNet.Benchmarks;

/// <summary>The batched DBeta transformer (float32, D-BETA size) at several batch sizes and thread counts. One operation = one ECG.</summary>
[Config(typeof(EmbeddingConfig))]
public class BatchSizeBenchmarks
{
    /// <summary>ECGs per invocation (a multiple of every batch size).</summary>
    public const int Ecgs = 16;

    private IDataView _data = null!;
    private EcgEmbeddingTransformer _transformer = null!;

    /// <summary>ECGs per ONNX Runtime call.</summary>
    [ParamsSource(nameof(BatchSizes))]
    public int BatchSize { get; set; }

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>1, 4, 8 in the short mode; 1, 2, 4, 8, 16 otherwise.</summary>
    public static IEnumerable<int> BatchSizes => BenchmarkData.Short ? [1, 4, 8] : [1, 2, 4, 8, 16];

    /// <summary>2 in the short mode; 1 and 2 otherwise.</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkData.Short ? [2] : [1, 2];

    [GlobalSetup]
    public void Setup()
    {
        const int width = DBetaConfig.LeadCount * DBetaConfig.SampleCount;
        var ecgs = BenchmarkData.PreparedEcgs(Ecgs);
        var ml = new MLContext(seed: 1);
        _data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, Ecgs).Select(i => new EmbeddingPathBenchmarks.EcgRow { Ecg = ecgs.AsSpan(i * width, width).ToArray() }).ToArray());
        _transformer = ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions
        {
            ModelPath = BenchmarkData.Model(EcgModelPrecision.Float32),
            InputColumnName = DBetaEcgGraph.InputName,
            BatchSize = BatchSize,
            IntraOpThreads = Threads,
            DisableSlowCpuFusions = true,
        }).Fit(_data);
    }

    [GlobalCleanup]
    public void Cleanup() => _transformer.Dispose();

    /// <summary>Embeds <see cref="Ecgs"/> ECGs through the transformer, reading every embedding.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float DBetaTransformer() => EmbeddingPathBenchmarks.Drain(_transformer.Transform(_data), "Embedding");
}
