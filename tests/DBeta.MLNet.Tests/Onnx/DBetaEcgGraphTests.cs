using DBeta.MLNet.Onnx;
using DBeta.MLNet.Onnx.Graph;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet.Tests.Onnx;

/// <summary>The converted ECG encoder against PyTorch (tests/reference/make_dbeta_reference.py).</summary>
[TestClass]
public sealed class DBetaEcgGraphTests
{
    private const double Tolerance = 1e-4;

    private static InferenceSession Open(string variant) =>
        new(Path.Combine(DBetaReference.Converted(variant), DBetaConverter.EcgFileName));

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void MatchesPyTorchForA10SecondBatch(int batch)
    {
        using var session = Open("fp32");
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, DBetaConfig.SampleCount));
        var expected = DBetaReference.Expected("fp32", $"ecg_5000_batch{batch}");
        double error = DBetaReference.RelativeError(actual, expected);
        Assert.IsLessThanOrEqualTo(Tolerance, error, $"relative error {error:E2}");
    }

    [TestMethod]
    [DataRow(2500, 3)]
    [DataRow(1234, 1)]
    public void AcceptsOtherLengths(int length, int batch)
    {
        using var session = Open("fp32");
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, length));
        double error = DBetaReference.RelativeError(actual, DBetaReference.Expected("fp32", $"ecg_{length}_batch{batch}"));
        Assert.IsLessThanOrEqualTo(Tolerance, error, $"relative error {error:E2}");
    }

    [TestMethod]
    public void Fp16CheckpointMatchesPyTorchOnTheSameHalfWeights()
    {
        using var session = Open("fp16");
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(3, DBetaConfig.SampleCount));
        double error = DBetaReference.RelativeError(actual, DBetaReference.Expected("fp16", "ecg_5000_batch3"));
        Assert.IsLessThanOrEqualTo(Tolerance, error, $"relative error {error:E2}");
        // And it is a different model from the fp32 one: the half rounding shows.
        Assert.IsGreaterThan(1e-6, DBetaReference.RelativeError(actual, DBetaReference.Expected("fp32", "ecg_5000_batch3")));
    }

    [TestMethod]
    public void OnnxRuntimeFusesAttentionNormsAndGelu()
    {
        using var temp = new TempFolder();
        string optimized = temp.File("ecg.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgFileName), options)) { }

        var ops = OnnxModelFile.Read(optimized).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        int layers = 2;
        Assert.AreEqual(layers, ops.GetValueOrDefault("Attention"), "one Attention per layer");
        Assert.AreEqual(2 * layers, ops.GetValueOrDefault("SkipLayerNormalization"), "residual Add + LayerNorm fused twice per layer");
        Assert.AreEqual(layers, ops.GetValueOrDefault("BiasGelu"), "fc1 bias + GELU fused");
        Assert.AreEqual(5, ops.GetValueOrDefault("Gelu"), "four conv GELUs and the positional one");
        Assert.IsFalse(ops.ContainsKey("Erf"), "no unfused GELU left");
    }
}
