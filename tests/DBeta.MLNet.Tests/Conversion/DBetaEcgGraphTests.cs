using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.Performance;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

/// <summary>The converted ECG encoder against PyTorch (tests/reference/make_dbeta_reference.py).</summary>
[TestClass]
public sealed class DBetaEcgGraphTests
{
    private const double Tolerance = DBetaReference.EcgTolerance;

    private static InferenceSession Open(string variant) =>
        new(Path.Combine(DBetaReference.Converted(variant), DBetaConverter.EcgFileName));

    [TestMethod]
    [DataRow(1)]
    [DataRow(3)]
    public void MatchesPyTorchForA10SecondBatch(int batch)
    {
        using var session = Open("fp32");
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, DBetaConfig.SampleCount));
        DBetaReference.AssertClose(actual, DBetaReference.Expected("fp32", $"ecg_5000_batch{batch}"), Tolerance, $"ECG fused, 5000 samples, batch {batch}");
    }

    [TestMethod]
    [DataRow(2500, 3)]
    [DataRow(1234, 1)]
    [DataRow(6000, 2)] // beyond the DFT positional convolution's reach: the graph's direct Conv branch
    public void AcceptsOtherLengths(int length, int batch)
    {
        using var session = Open("fp32");
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, length));
        DBetaReference.AssertClose(actual, DBetaReference.Expected("fp32", $"ecg_{length}_batch{batch}"), Tolerance, $"ECG fused, {length} samples, batch {batch}");
    }

    [TestMethod]
    public void Fp16CheckpointMatchesPyTorchOnTheSameHalfWeights()
    {
        using var session = Open("fp16");
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(3, DBetaConfig.SampleCount));
        DBetaReference.AssertClose(actual, DBetaReference.Expected("fp16", "ecg_5000_batch3"), Tolerance, "ECG fused, fp16 weights, 5000 samples, batch 3");
        // And it is a different model from the fp32 one: the half rounding shows.
        double difference = DBetaReference.RelativeError(actual, DBetaReference.Expected("fp32", "ecg_5000_batch3"));
        Assert.IsGreaterThan(1e-6, difference, $"relative difference to the fp32 model's embeddings {difference:E2}");
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

    private static string Int8Model => Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgInt8FileName);

    private static float[][] EmbedReferenceEcgs(string model, int batch = 3) => DBetaReference.EmbedWithEncoder(model, batch, DBetaConfig.SampleCount);

    [TestMethod]
    public void Int8OperatorsMatchNumPyOnTheSameInput()
    {
        // make_perf_fixtures.py: int8 weights per output channel, uint8 activations per tensor, integer products, rescale.
        var weights = EcgEncoderWeights.Read(new CheckpointTensors(DBeta.MLNet.CheckpointReader.Read(DBetaReference.Fixture("dbeta-tiny-fp32.pt"))),
            DBetaConfig.Load(DBetaReference.Fixture("config.json")), configGiven: true);
        var layer = weights.Layers[0];
        int d = weights.Width, f = weights.FfnDim, k = weights.PosConvKernel, perGroup = d / weights.PosConvGroups;
        var g = new OnnxGraphBuilder("int8_ops");
        const DBeta.MLNet.Onnx.Proto.TensorProto.Types.DataType Float = DBeta.MLNet.Onnx.Proto.TensorProto.Types.DataType.Float;
        string x = g.Input("x", Float, 1, "s", d);
        string c = g.Input("c", Float, 1, d, "t");
        g.Output(DBetaEcgGraph.QuantizedLinear(g, x, WeightLayout.Transposed(layer.Fc1Weight, f, d), d, f, layer.Fc1Bias, "q.fc1"), "fc1", Float, 1, "s", f);
        g.Output(DBetaEcgGraph.QuantizedAttention(g, x, layer, d, weights.Heads, "q.attn"), "attn", Float, 1, "s", d);
        g.Output(DBetaEcgGraph.QuantizedConv(g, c, Int8Weight.PerRow(weights.PosConvWeight, d, perGroup * k), [d, perGroup, k], weights.PosConvBias,
            [OnnxAttribute.Ints("kernel_shape", k), OnnxAttribute.Ints("pads", k / 2, k / 2), OnnxAttribute.Int("group", weights.PosConvGroups)], "q.conv"), "conv", Float, 1, d, "t1");
        using var temp = new TempFolder();
        OnnxModelFile.Write(g.ToModel("0", "", []), temp.File("ops.onnx"));
        using var session = new InferenceSession(temp.File("ops.onnx"));

        var unitX = PerfFixtures.Matrix("unit_x");
        var unitC = PerfFixtures.Matrix("unit_conv_x");
        using var xValue = OrtValue.CreateTensorValueFromMemory(unitX.SelectMany(r => r).ToArray(), [1, unitX.Length, d]);
        using var cValue = OrtValue.CreateTensorValueFromMemory(unitC.SelectMany(r => r).ToArray(), [1, d, unitC[0].Length]);
        using var results = session.Run(new RunOptions(), ["x", "c"], [xValue, cValue], ["fc1", "attn", "conv"]);
        foreach (var (name, result) in new[] { "unit_fc1", "unit_attention", "unit_conv" }.Zip(results))
        {
            var expected = PerfFixtures.Matrix(name);
            var flat = result.GetTensorDataAsSpan<float>().ToArray();
            int columns = expected[0].Length;
            var actual = Enumerable.Range(0, expected.Length).Select(r => flat.AsSpan(r * columns, columns).ToArray()).ToArray();
            DBetaReference.AssertClose(actual, expected, 2e-6, $"int8 operator {name}"); // measured 6e-8 to 1.8e-7
        }
    }

    [TestMethod]
    public void Int8ModelFollowsANumPyEmulationWithinQuantisationNoise()
    {
        // The whole fixture model emulated in NumPy. Float rounding differs between the two, so an activation that sits on a
        // rounding tie may land one level apart and the difference travels on (measured 2.4e-3, against 6.0e-3 between the
        // emulation and float32); the operators themselves are checked exactly above.
        var actual = EmbedReferenceEcgs(Int8Model);
        var emulated = PerfFixtures.Matrix("ecg_5000_batch3_int8");
        DBetaReference.AssertClose(actual, emulated, 4e-3, "int8 model against the NumPy emulation");
        for (int b = 0; b < actual.Length; b++)
            DBetaReference.AssertCosineAtLeast(actual[b], emulated[b], 0.99999, $"ECG {b}: cosine to the emulation");
    }

    [TestMethod]
    public void Int8ModelStaysCloseToFloat32()
    {
        var int8 = EmbedReferenceEcgs(Int8Model);
        var fp32 = DBetaReference.Expected("fp32", "ecg_5000_batch3");
        // Measured: cosine 0.999987 at least (1 - cos = 1.3e-5); the bound allows about 10x that gap.
        for (int b = 0; b < fp32.Length; b++)
            DBetaReference.AssertCosineAtLeast(int8[b], fp32[b], 0.99985, $"ECG {b}: cosine to the float32 embedding");
        double difference = DBetaReference.RelativeError(int8, fp32);
        Assert.IsGreaterThan(1e-5, difference, $"and it is a different model: relative difference {difference:E2}");

        // The tiny random architecture (widths 32-128): measured 0.999995 at least (1 - cos = 5.3e-6).
        using var temp = new TempFolder();
        var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, 5);
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("fp32.onnx"));
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("int8.onnx"), EcgModelPrecision.Int8);
        var tinyFp32 = EmbedReferenceEcgs(temp.File("fp32.onnx"));
        var tinyInt8 = EmbedReferenceEcgs(temp.File("int8.onnx"));
        for (int b = 0; b < tinyFp32.Length; b++)
            DBetaReference.AssertCosineAtLeast(tinyInt8[b], tinyFp32[b], 0.99995, $"tiny model, ECG {b}: cosine to the float32 embedding");
    }

    [TestMethod]
    public void Int8ModelIsDeterministicAndIndependentOfTheBatch()
    {
        using var temp = new TempFolder();
        var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, 6);
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("a.onnx"), EcgModelPrecision.Int8);
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("b.onnx"), EcgModelPrecision.Int8);
        CollectionAssert.AreEqual(SHA256.HashData(File.ReadAllBytes(temp.File("a.onnx"))), SHA256.HashData(File.ReadAllBytes(temp.File("b.onnx"))), "same weights, same bytes");

        var together = EmbedReferenceEcgs(temp.File("a.onnx"), batch: 3);
        var again = EmbedReferenceEcgs(temp.File("a.onnx"), batch: 3);
        var alone = EmbedReferenceEcgs(temp.File("a.onnx"), batch: 1);
        CollectionAssert.AreEqual(together[0], again[0], "same input, same bits");
        CollectionAssert.AreEqual(alone[0], together[0], "an ECG's embedding does not depend on the other ECGs of its call");
    }

    [TestMethod]
    public void Int8GraphQuantisesEveryTransformerLinearAndTakesOneEcgPerRun()
    {
        var model = OnnxModelFile.Read(Int8Model);
        var ops = model.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        int layers = 2;
        Assert.AreEqual(layers, ops.GetValueOrDefault("QAttention"), "QKV projections in int8");
        Assert.AreEqual(3 * layers, ops.GetValueOrDefault("DynamicQuantizeMatMul"), "attention output, fc1, fc2 in int8");
        Assert.AreEqual(1, ops.GetValueOrDefault("ConvInteger"), "positional convolution in int8");
        Assert.AreEqual(layers + 1, ops.GetValueOrDefault("DynamicQuantizeLinear"), "QAttention's and ConvInteger's inputs");
        Assert.IsFalse(ops.ContainsKey("Attention"), "no float attention left");
        Assert.AreEqual("int8", model.MetadataProps.Single(p => p.Key == "dbeta.precision").Value);
        Assert.AreEqual(1L, model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimValue, "batch fixed at 1");
        var int8Weights = model.Graph.Initializer.Where(t => t.Name.EndsWith(".weight_int8", StringComparison.Ordinal)).ToArray();
        Assert.HasCount(4 * layers, int8Weights);
        Assert.IsTrue(int8Weights.All(t => t.DataType == (int)DBeta.MLNet.Onnx.Proto.TensorProto.Types.DataType.Int8 && t.RawData.Length == t.Dims.Aggregate(1L, (a, d) => a * d)));
    }
}
