using BenchmarkDotNet.Attributes;
using Microsoft.ML;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// Run only when <c>DBETA_BENCH_TORCH_EXPORT</c> names a <c>torch.onnx.export</c> of D-BETA's ECG encoder (input <c>ecg</c>
/// [batch, 12, 5000], output <c>embedding</c>; <c>benchmarks/baselines/pytorch_embed.py export</c> writes one): ML.NET's
/// <c>ApplyOnnxModel</c> on it, row by row (the baseline), ONNX Runtime directly on it, and
/// <c>EmbedEcgWithDBeta</c> on the converter's model of the same size. One operation = one ECG; 2 threads.
/// </summary>
[Config(typeof(EmbeddingConfig))]
public class TorchExportBenchmarks
{
    /// <summary>The export's path, or null when the variable is not set.</summary>
    public static string? ExportPath => Environment.GetEnvironmentVariable("DBETA_BENCH_TORCH_EXPORT") is { Length: > 0 } path ? path : null;

    private const int Threads = 2;
    private float[] _ecgs = [], _embeddings = [];
    private IDataView _data = null!;
    private MLContext _ml = null!;
    private ITransformer _applyOnnx = null!;
    private EcgEncoder _raw = null!;
    private EcgEmbeddingTransformer _dbeta = null!;

    [GlobalSetup]
    public void Setup()
    {
        string export = ExportPath ?? throw new InvalidOperationException("set DBETA_BENCH_TORCH_EXPORT to a torch.onnx.export of the encoder");
        _ecgs = BenchmarkData.PreparedEcgs(EmbeddingPathBenchmarks.Ecgs);
        _embeddings = new float[EmbeddingPathBenchmarks.Ecgs * DBetaConfig.Default.EmbeddingDim];
        _ml = new MLContext(seed: 1);
        _data = EmbeddingPathBenchmarks.Rows(_ml, _ecgs);
        _applyOnnx = EmbeddingPathBenchmarks.ApplyOnnx(_ml, _data, export, Threads);
        _raw = new EcgEncoder(export, new OnnxExecutionOptions { IntraOpThreads = Threads });
        _dbeta = _ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions
        {
            ModelPath = BenchmarkData.Model(EcgModelPrecision.Float32),
            InputColumnName = DBetaEcgGraph.InputName,
            IntraOpThreads = Threads,
            DisableSlowCpuFusions = true,
        }).Fit(_data);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dbeta.Dispose();
        _raw.Dispose();
        (_applyOnnx as IDisposable)?.Dispose();
    }

    /// <summary>ML.NET's <c>ApplyOnnxModel</c> on the <c>torch.onnx.export</c>, one ONNX Runtime call per row.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EmbeddingPathBenchmarks.Ecgs)]
    public float ApplyOnnxModelTorchExport() => EmbeddingPathBenchmarks.Drain(_applyOnnx.Transform(_data), DBetaEcgGraph.OutputName);

    /// <summary>ONNX Runtime directly on the export (<see cref="EcgEncoder"/>, ONNX Runtime's default fusions), 4 ECGs per call.</summary>
    [Benchmark(OperationsPerInvoke = EmbeddingPathBenchmarks.Ecgs)]
    public float RawOnnxRuntimeTorchExport() => EmbeddingPathBenchmarks.Raw(_raw, _ecgs, _embeddings);

    /// <summary><c>EmbedEcgWithDBeta</c> on the converter's float32 model, default batch size.</summary>
    [Benchmark(OperationsPerInvoke = EmbeddingPathBenchmarks.Ecgs)]
    public float DBetaTransformer() => EmbeddingPathBenchmarks.Drain(_dbeta.Transform(_data), "Embedding");
}
