using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Microsoft.ML;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// The embeddings the probe benchmarks share: <c>synthetic</c> (embedded once by the float32 random model) and
/// <c>real</c> when <c>DBETA_BENCH_EMBEDDINGS</c> / <c>DBETA_BENCH_LABELS</c> name a user's embeddings; and the models
/// trained on them, kept for the scoring benchmark and the AUROC column when they run in the same process.
/// </summary>
public abstract class ProbeBenchmarkBase
{
    private static readonly ConcurrentDictionary<(BenchmarkHead, string), ITransformer> Trained = new();

    /// <summary>Training rows.</summary>
    private protected EmbeddingDataset TrainRows { get; private set; } = null!;

    /// <summary>Held-out rows.</summary>
    private protected EmbeddingDataset TestRows { get; private set; } = null!;

    /// <summary>Which embeddings.</summary>
    [ParamsSource(nameof(Datasets))]
    public string Dataset { get; set; } = "synthetic";

    /// <summary>Which head.</summary>
    [ParamsAllValues]
    public BenchmarkHead Head { get; set; }

    /// <summary><c>synthetic</c>, and <c>real</c> when given.</summary>
    public static IEnumerable<string> Datasets =>
        Environment.GetEnvironmentVariable("DBETA_BENCH_EMBEDDINGS") is { Length: > 0 } ? ["synthetic", "real"] : ["synthetic"];

    /// <summary>(train, test) of a dataset.</summary>
    internal static (EmbeddingDataset Train, EmbeddingDataset Test) Load(string dataset, EcgModelPrecision precision) =>
        dataset == "real"
            ? BenchmarkData.RealEmbeddings() ?? throw new InvalidOperationException("DBETA_BENCH_EMBEDDINGS and DBETA_BENCH_LABELS are not set")
            : BenchmarkData.SyntheticEmbeddings(precision);

    /// <summary>A model of <paramref name="head"/> on <paramref name="dataset"/>'s float32 training rows, trained once per process.</summary>
    public static ITransformer Model(BenchmarkHead head, string dataset) =>
        Trained.GetOrAdd((head, dataset), key => ProbeTraining.Train(key.Item1, Load(key.Item2, EcgModelPrecision.Float32).Train));

    /// <summary>Remembers a model trained by a benchmark, so later steps need not train it again.</summary>
    protected static void Remember(BenchmarkHead head, string dataset, ITransformer model) => Trained.TryAdd((head, dataset), model);

    /// <summary>Loads <see cref="Dataset"/>'s rows (float32 embeddings).</summary>
    protected void LoadRows() => (TrainRows, TestRows) = Load(Dataset, EcgModelPrecision.Float32);
}
