using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// The same D-BETA-size encoder (random weights) through each way of running it from .NET, on the same preprocessed
/// 12 x 5000 ECGs: ML.NET's <c>ApplyOnnxModel</c> (row by row) on the encoder in standard ONNX operators only (the
/// baseline: what a straightforward PyTorch export gives, <see cref="EcgGraphOperators.Standard"/>) and on the converter's
/// fused graph, DBeta.MLNet's batched transformer (float32 and int8), ONNX Runtime directly (<see cref="EcgEncoder"/>, on
/// the fused, int8 and standard-operator graphs), and the whole pipeline from synthetic CODE ECGs (generation and
/// preprocessing included). One operation = one ECG.
/// </summary>
[Config(typeof(EmbeddingConfig))]
public class EmbeddingPathBenchmarks
{
    /// <summary>ECGs per invocation.</summary>
    public const int Ecgs = 8;

    private const int Width = DBetaConfig.LeadCount * DBetaConfig.SampleCount;
    private float[] _ecgs = [];
    private float[] _embeddings = [];
    private IDataView _data = null!;
    private ITransformer _applyOnnxStandard = null!, _applyOnnxFused = null!;
    private EcgEmbeddingTransformer _dbeta = null!, _dbetaInt8 = null!;
    private EcgEncoder _raw = null!, _rawInt8 = null!, _rawStandard = null!;
    private MLContext _ml = null!;

    /// <summary>ONNX Runtime intra-op threads.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    /// <summary>2 in the short mode; 1 and 2 otherwise.</summary>
    public static IEnumerable<int> ThreadCounts => BenchmarkData.Short ? [2] : [1, 2];

    /// <summary>One ECG as ML.NET sees it; the column is named as the ONNX input, which <c>ApplyOnnxModel</c> requires.</summary>
    public sealed class EcgRow
    {
        /// <summary>12 x 5000 lead-major samples.</summary>
        [VectorType(Width)]
        [ColumnName(DBetaEcgGraph.InputName)]
        public float[] Ecg { get; set; } = [];
    }

    [GlobalSetup]
    public void Setup()
    {
        string fp32 = BenchmarkData.Model(EcgModelPrecision.Float32), int8 = BenchmarkData.Model(EcgModelPrecision.Int8);
        string standard = BenchmarkData.Model(EcgModelPrecision.Float32, EcgGraphOperators.Standard);
        _ecgs = BenchmarkData.PreparedEcgs(Ecgs);
        _embeddings = new float[Ecgs * DBetaConfig.Default.EmbeddingDim];
        _ml = new MLContext(seed: 1);
        _data = Rows(_ml, _ecgs);
        _applyOnnxStandard = ApplyOnnx(_ml, _data, standard, Threads);
        _applyOnnxFused = ApplyOnnx(_ml, _data, fp32, Threads);
        _dbeta = Transformer(fp32);
        _dbetaInt8 = Transformer(int8);
        _raw = new EcgEncoder(fp32, new OnnxExecutionOptions { IntraOpThreads = Threads, DisableSlowCpuFusions = true });
        _rawInt8 = new EcgEncoder(int8, new OnnxExecutionOptions { IntraOpThreads = Threads, DisableSlowCpuFusions = true });
        _rawStandard = new EcgEncoder(standard, new OnnxExecutionOptions { IntraOpThreads = Threads, DisableSlowCpuFusions = true });
    }

    /// <summary>The <see cref="Ecgs"/> preprocessed ECGs as rows of an <see cref="EcgRow"/> view.</summary>
    internal static IDataView Rows(MLContext ml, float[] ecgs) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, Ecgs).Select(i => new EcgRow { Ecg = ecgs.AsSpan(i * Width, Width).ToArray() }).ToArray());

    /// <summary>ML.NET's <c>ApplyOnnxModel</c> on an encoder with input <c>ecg</c> [1, 12, 5000] and output <c>embedding</c>.</summary>
    internal static ITransformer ApplyOnnx(MLContext ml, IDataView data, string model, int threads) =>
        ml.Transforms.ApplyOnnxModel(new OnnxOptions
        {
            ModelFile = model,
            InputColumns = [DBetaEcgGraph.InputName],
            OutputColumns = [DBetaEcgGraph.OutputName],
            ShapeDictionary = new Dictionary<string, int[]> { [DBetaEcgGraph.InputName] = [1, DBetaConfig.LeadCount, DBetaConfig.SampleCount] },
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        }).Fit(data);

    private EcgEmbeddingTransformer Transformer(string model) =>
        _ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions { ModelPath = model, InputColumnName = DBetaEcgGraph.InputName, IntraOpThreads = Threads, DisableSlowCpuFusions = true }).Fit(_data);

    [GlobalCleanup]
    public void Cleanup()
    {
        _dbeta.Dispose();
        _dbetaInt8.Dispose();
        _raw.Dispose();
        _rawInt8.Dispose();
        _rawStandard.Dispose();
        (_applyOnnxStandard as IDisposable)?.Dispose();
        (_applyOnnxFused as IDisposable)?.Dispose();
    }

    /// <summary>
    /// The baseline: ML.NET's <c>ApplyOnnxModel</c>, one ONNX Runtime call per row, on the encoder in standard ONNX operators
    /// only (attention as MatMul + Softmax, GELU as Erf), the graph a straightforward <c>torch.onnx.export</c> gives.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Ecgs)]
    public float ApplyOnnxModelStandardOps() => Drain(_applyOnnxStandard.Transform(_data), DBetaEcgGraph.OutputName);

    /// <summary>ML.NET's <c>ApplyOnnxModel</c>, row by row, on the converter's fused graph (<c>com.microsoft.Attention</c>).</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float ApplyOnnxModelFusedGraph() => Drain(_applyOnnxFused.Transform(_data), DBetaEcgGraph.OutputName);

    /// <summary><c>EmbedEcgWithDBeta</c>, float32 model, default batch size.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float DBetaTransformer() => Drain(_dbeta.Transform(_data), "Embedding");

    /// <summary><c>EmbedEcgWithDBeta</c>, int8 model.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float DBetaTransformerInt8() => Drain(_dbetaInt8.Transform(_data), "Embedding");

    /// <summary>ONNX Runtime directly on the caller's buffers (<see cref="EcgEncoder"/>), float32, 4 ECGs per call.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float RawOnnxRuntime() => Raw(_raw);

    /// <summary>ONNX Runtime directly, int8 model.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float RawOnnxRuntimeInt8() => Raw(_rawInt8);

    /// <summary>ONNX Runtime directly on the standard-operator graph, float32, 4 ECGs per call.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float RawOnnxRuntimeStandardOps() => Raw(_rawStandard);

    /// <summary>The whole ML.NET pipeline from synthetic CODE ECGs: generation, <c>PrepareEcgForDBeta</c>, the float32 transformer.</summary>
    [Benchmark(OperationsPerInvoke = Ecgs)]
    public float PipelineFromSyntheticEcgs()
    {
        var data = _ml.Data.LoadSyntheticEcgs(Ecgs, seed: 7);
        var prepared = _ml.Transforms.PrepareEcgForDBeta(DBetaConfig.CodeSampleRate).Fit(data).Transform(data);
        return Drain(_dbeta.Transform(_ml.Transforms.CopyColumns(DBetaEcgGraph.InputName, "Ecg").Fit(prepared).Transform(prepared)), "Embedding");
    }

    private float Raw(EcgEncoder encoder) => Raw(encoder, _ecgs, _embeddings);

    /// <summary>Embeds <see cref="Ecgs"/> preprocessed ECGs through <paramref name="encoder"/>, 4 per call.</summary>
    internal static float Raw(EcgEncoder encoder, float[] ecgs, float[] embeddings)
    {
        const int batch = 4;
        for (int start = 0; start < Ecgs; start += batch)
            encoder.Embed(ecgs.AsMemory(start * Width, batch * Width), batch, DBetaConfig.SampleCount,
                embeddings.AsMemory(start * encoder.EmbeddingDim, batch * encoder.EmbeddingDim));
        return embeddings[0];
    }

    internal static float Drain(IDataView data, string column)
    {
        using var cursor = data.GetRowCursor([data.Schema[column]]);
        var getter = cursor.GetGetter<VBuffer<float>>(data.Schema[column]);
        VBuffer<float> value = default;
        float sum = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value.GetValues()[0];
        }
        return sum;
    }
}
