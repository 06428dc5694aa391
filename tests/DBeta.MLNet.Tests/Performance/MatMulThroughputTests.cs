using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet.Tests.Performance;

[TestClass]
public sealed class MatMulThroughputTests
{
    [TestMethod]
    [DataRow(EcgModelPrecision.Float32)]
    [DataRow(EcgModelPrecision.Int8)]
    public void MeasuresAFiniteRate(EcgModelPrecision precision)
    {
        double gflops = MatMulThroughput.MeasureGflops(threads: 1, precision, rows: 16, duration: TimeSpan.FromMilliseconds(20));
        Assert.IsTrue(double.IsFinite(gflops) && gflops > 0, $"{gflops} GFLOP/s");
    }

    [TestMethod]
    public void TheProbeComputesTheTwoProductsItIsCreditedWith()
    {
        // What is timed must be the work counted: y = (x W1) W2 with [768 x 3072] and [3072 x 768] weights.
        var model = MatMulThroughput.BuildModel(EcgModelPrecision.Float32);
        var w1 = Weight(model, "w1");
        var w2 = Weight(model, "w2");
        var x = new float[2 * MatMulThroughput.Width];
        for (int i = 0; i < x.Length; i++) x[i] = MathF.Sin(i * 0.37f);
        var y = Run(model, x, 2);
        var int8 = Run(MatMulThroughput.BuildModel(EcgModelPrecision.Int8), x, 2);

        for (int r = 0; r < 2; r++)
        {
            var h = new double[MatMulThroughput.InnerWidth];
            for (int k = 0; k < MatMulThroughput.Width; k++)
                for (int j = 0; j < h.Length; j++) h[j] += x[r * MatMulThroughput.Width + k] * (double)w1[k * h.Length + j];
            double dot = 0, norm = 0, normInt8 = 0;
            for (int j = 0; j < MatMulThroughput.Width; j++)
            {
                double expected = 0;
                for (int k = 0; k < h.Length; k++) expected += h[k] * w2[k * MatMulThroughput.Width + j];
                float actual = y[r * MatMulThroughput.Width + j];
                Assert.AreEqual(expected, actual, 1e-3 * (1 + Math.Abs(expected)), $"row {r} column {j}");
                dot += expected * int8[r * MatMulThroughput.Width + j];
                norm += expected * expected;
                normInt8 += (double)int8[r * MatMulThroughput.Width + j] * int8[r * MatMulThroughput.Width + j];
            }
            Assert.IsGreaterThan(0.999, dot / Math.Sqrt(norm * normInt8), "the int8 probe multiplies the same matrices");
        }
    }

    private static float[] Weight(DBeta.MLNet.Onnx.Proto.ModelProto model, string name)
    {
        var raw = model.Graph.Initializer.Single(t => t.Name == name).RawData.ToByteArray();
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).ToArray();
    }

    private static float[] Run(DBeta.MLNet.Onnx.Proto.ModelProto model, float[] x, int rows)
    {
        using var session = new InferenceSession(model.ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(x, [rows, MatMulThroughput.Width]);
        using var results = session.Run(new RunOptions(), ["x"], [input], ["y"]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
