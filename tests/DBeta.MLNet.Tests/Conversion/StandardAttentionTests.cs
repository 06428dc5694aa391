using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

/// <summary>
/// The ECG encoder in standard ONNX operators only (<see cref="EcgGraphOperators.Standard"/>, attention by
/// <see cref="StandardAttention"/>) against PyTorch (tests/reference/make_dbeta_reference.py) and the fused graph.
/// </summary>
[TestClass]
public sealed class StandardAttentionTests
{
    private const double Tolerance = DBetaReference.EcgTolerance;

    private static TempFolder? s_folder;

    private static string StandardModel => s_folder!.File(DBetaConverter.EcgStandardFileName);

    private static string FusedModel => Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgFileName);

    [ClassInitialize]
    public static void ConvertFixture(TestContext context)
    {
        s_folder = new TempFolder();
        DBetaConverter.WriteEcgModel(CheckpointReader.Read(DBetaReference.Fixture("dbeta-tiny-fp32.pt")), DBetaConfig.Load(DBetaReference.Fixture("config.json")),
            StandardModel, EcgModelPrecision.Float32, EcgGraphOperators.Standard);
    }

    [ClassCleanup]
    public static void DeleteFixture() => s_folder?.Dispose();

    [TestMethod]
    [DataRow(5000, 1)]
    [DataRow(5000, 3)]
    [DataRow(2500, 3)]
    [DataRow(1234, 1)]
    public void MatchesPyTorch(int length, int batch)
    {
        using var session = new InferenceSession(StandardModel);
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, length));
        DBetaReference.AssertClose(actual, DBetaReference.Expected("fp32", $"ecg_{length}_batch{batch}"), Tolerance, $"ECG standard operators, {length} samples, batch {batch}");
    }

    [TestMethod]
    public void GraphHasOnlyStandardOperators()
    {
        var model = OnnxModelFile.Read(StandardModel);
        var foreign = model.Graph.Node.Where(n => n.Domain.Length > 0).Select(n => $"{n.Domain}.{n.OpType}").Distinct().ToArray();
        Assert.IsEmpty(foreign, "nodes outside the default domain: " + string.Join(", ", foreign));
        Assert.AreEqual("", model.OpsetImport.Single().Domain, "one opset import, the default domain");
        Assert.AreEqual(OnnxGraphBuilder.OnnxOpset, model.OpsetImport.Single().Version);

        var ops = model.Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        int layers = 2;
        Assert.AreEqual(layers, ops.GetValueOrDefault("Softmax"), "one Softmax per layer");
        Assert.AreEqual(4 * layers, ops.GetValueOrDefault("Reshape"), "Q, K, V to heads and the context back: 4 Reshapes per layer");
        Assert.AreEqual(DBetaEcgGraph.StandardOperators, model.MetadataProps.Single(p => p.Key == "dbeta.operators").Value);

        var fused = OnnxModelFile.Read(FusedModel);
        Assert.AreEqual(DBetaEcgGraph.OnnxRuntimeOperators, fused.MetadataProps.Single(p => p.Key == "dbeta.operators").Value);
        Assert.AreEqual(layers, fused.Graph.Node.Count(n => n.Domain == OnnxGraphBuilder.MicrosoftDomain && n.OpType == "Attention"), "the default graph stays fused");
    }

    [TestMethod]
    public void OnnxRuntimeFusesNormsAndGeluButNotTheAttention()
    {
        // Why the standard graph is slower in ONNX Runtime: its attention stays MatMul + Softmax + Transposes.
        using var temp = new TempFolder();
        string optimized = temp.File("standard.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(StandardModel, options)) { }

        var ops = OnnxModelFile.Read(optimized).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        int layers = 2;
        Assert.IsFalse(ops.ContainsKey("Attention"), "ONNX Runtime does not rebuild the fused Attention from this pattern");
        Assert.AreEqual(layers, ops.GetValueOrDefault("Softmax"));
        Assert.AreEqual(layers, ops.GetValueOrDefault("FusedMatMul"), "Q K^T with the 1/sqrt(head size) scale folded in");
        Assert.AreEqual(2 * layers, ops.GetValueOrDefault("SkipLayerNormalization"), "residual Add + LayerNorm fused twice per layer");
        Assert.AreEqual(layers, ops.GetValueOrDefault("BiasGelu"), "fc1 bias + GELU fused");
        Assert.AreEqual(5, ops.GetValueOrDefault("Gelu"), "four conv GELUs and the positional one");
        Assert.IsFalse(ops.ContainsKey("Erf"), "no unfused GELU left");
    }

    [TestMethod]
    public void EqualsTheFusedGraphThroughEcgEncoder()
    {
        // A different shape from the fixtures: a random tiny model, an odd length, batch 2.
        using var temp = new TempFolder();
        var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, 11);
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("fused.onnx"));
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("standard.onnx"), EcgModelPrecision.Float32, EcgGraphOperators.Standard);
        foreach (var (fusedPath, standardPath, length) in new[] { (temp.File("fused.onnx"), temp.File("standard.onnx"), 3001), (FusedModel, StandardModel, DBetaConfig.SampleCount) })
        {
            float[][] fused = DBetaReference.EmbedWithEncoder(fusedPath, 2, length), standard = DBetaReference.EmbedWithEncoder(standardPath, 2, length);
            DBetaReference.AssertClose(standard, fused, 3e-6, $"{Path.GetFileName(standardPath)} against the fused graph, length {length}"); // measured 2.3e-7 to 2.5e-7
        }
    }

    [TestMethod]
    public void Int8WithStandardOperatorsIsRefused()
    {
        using var temp = new TempFolder();
        var e = Assert.ThrowsExactly<ArgumentException>(() => DBetaConverter.WriteEcgModel(DBetaModels.CreateRandom(DBetaConfig.Tiny, 1), DBetaConfig.Tiny,
            temp.File("m.onnx"), EcgModelPrecision.Int8, EcgGraphOperators.Standard));
        StringAssert.Contains(e.Message, "contrib operators");
        Assert.IsFalse(File.Exists(temp.File("m.onnx")));
    }
}
