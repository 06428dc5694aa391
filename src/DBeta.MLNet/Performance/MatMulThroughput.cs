using System.Diagnostics;
using DBeta.MLNet.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet;

/// <summary>
/// This machine's dense matrix-multiply speed in ONNX Runtime, the ceiling for a transformer encoder: a feed-forward
/// block of D-BETA's shape, <c>[rows, 768] x [768, 3072] x [3072, 768]</c>, built with the converter's graph builder and
/// timed in a session like the encoder's. float32 MatMul, or for int8 models ONNX Runtime's DynamicQuantizeMatMul.
/// </summary>
internal static class MatMulThroughput
{
    /// <summary>Rows of the left operand by default: 4 ECGs of 313 tokens.</summary>
    public const int DefaultRows = 4 * 313;

    /// <summary>Model width of the timed block (D-BETA's).</summary>
    public const int Width = 768;

    /// <summary>Inner width of the timed block (D-BETA's feed-forward).</summary>
    public const int InnerWidth = 3072;

    /// <summary>
    /// Runs the block repeatedly for about <paramref name="duration"/> on <paramref name="threads"/> ONNX Runtime threads
    /// (0: ONNX Runtime's default) and returns the best rate of its measured runs, in GFLOP/s (2 per multiply-add).
    /// </summary>
    public static double MeasureGflops(int threads, EcgModelPrecision precision = EcgModelPrecision.Float32, int rows = DefaultRows, TimeSpan? duration = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        var budget = duration ?? TimeSpan.FromSeconds(2);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        using var session = new InferenceSession(BuildModel(precision).ToByteArray(), options);

        var x = new float[rows * Width];
        var random = new Random(7);
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        var y = new float[rows * Width];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, Width]);
        using var output = OrtValue.CreateTensorValueFromMemory(y, [rows, Width]);
        using var runOptions = new RunOptions();
        string[] inputNames = ["x"], outputNames = ["y"];
        OrtValue[] inputs = [input], outputs = [output];

        session.Run(runOptions, inputNames, inputs, outputNames, outputs); // first run: allocations and weight packing
        double flops = 2.0 * 2 * rows * Width * InnerWidth;
        double best = 0;
        var total = Stopwatch.StartNew();
        int runs = 0;
        while (runs < 3 || total.Elapsed < budget)
        {
            long start = Stopwatch.GetTimestamp();
            session.Run(runOptions, inputNames, inputs, outputNames, outputs);
            best = Math.Max(best, flops / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
            runs++;
        }
        return best;
    }

    /// <summary>x [rows, 768] -> MatMul [768, 3072] -> MatMul [3072, 768] -> y, with seeded weights of D-BETA's scale.</summary>
    internal static ModelProto BuildModel(EcgModelPrecision precision)
    {
        var g = new OnnxGraphBuilder("matmul_throughput");
        string x = g.Input("x", TensorProto.Types.DataType.Float, "rows", Width);
        var w1 = new float[Width * InnerWidth];
        var w2 = new float[InnerWidth * Width];
        SeededUniform.For(1, "w1").Fill(w1, 1f / MathF.Sqrt(Width));
        SeededUniform.For(1, "w2").Fill(w2, 1f / MathF.Sqrt(InnerWidth));
        string h, y;
        if (precision == EcgModelPrecision.Int8)
        {
            var q1 = Int8Weight.PerColumn(w1, Width, InnerWidth);
            var q2 = Int8Weight.PerColumn(w2, InnerWidth, Width);
            h = g.MicrosoftNode("DynamicQuantizeMatMul", [x, g.Initializer("w1", q1.Values, Width, InnerWidth), g.Initializer("w1.scale", q1.Scales, InnerWidth)], "mm1");
            y = g.MicrosoftNode("DynamicQuantizeMatMul", [h, g.Initializer("w2", q2.Values, InnerWidth, Width), g.Initializer("w2.scale", q2.Scales, Width)], "mm2");
        }
        else
        {
            h = g.MatMul(x, g.Initializer("w1", w1, Width, InnerWidth), "mm1");
            y = g.MatMul(h, g.Initializer("w2", w2, InnerWidth, Width), "mm2");
        }
        g.Output(y, "y", TensorProto.Types.DataType.Float, "rows", Width);
        return g.ToModel("0", "MatMul throughput probe", []);
    }
}
