using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

/// <summary>The converted text (Flan-T5) encoder against PyTorch (tests/reference/make_dbeta_reference.py).</summary>
[TestClass]
public sealed class DBetaTextGraphTests
{
    private const double Tolerance = DBetaReference.TextTolerance;

    private static InferenceSession Open(string variant) =>
        new(Path.Combine(DBetaReference.Converted(variant), DBetaConverter.TextFileName));

    [TestMethod]
    public void PaddedBatchMatchesPyTorch()
    {
        using var session = Open("fp32");
        var actual = DBetaReference.RunText(session, DBetaReference.TextIds());
        DBetaReference.AssertClose(actual, DBetaReference.Expected("fp32", "text_batched"), Tolerance, "text, padded batch");
    }

    [TestMethod]
    public void EachTextAloneGivesItsEmbeddingInThePaddedBatch()
    {
        using var session = Open("fp32");
        var ids = DBetaReference.TextIds();
        var alone = ids.Select(s => DBetaReference.RunText(session, [s])[0]).ToArray();
        var batched = DBetaReference.RunText(session, ids);
        DBetaReference.AssertClose(alone, DBetaReference.Expected("fp32", "text_alone"), Tolerance, "text, each alone");
        // Bit-identical here; 1e-6 leaves another CPU's kernels a few float32 steps.
        DBetaReference.AssertClose(batched, alone, 1e-6, "text, padded batch against each alone (padding changed an embedding)");
    }

    [TestMethod]
    public void Fp16CheckpointMatchesPyTorchOnTheSameHalfWeights()
    {
        using var session = Open("fp16");
        var actual = DBetaReference.RunText(session, DBetaReference.TextIds());
        DBetaReference.AssertClose(actual, DBetaReference.Expected("fp16", "text_batched"), Tolerance, "text, fp16 weights, padded batch");
    }

    [TestMethod]
    public void AttentionWidthOtherThanModelWidthMatchesPyTorch()
    {
        // heads x d_kv = 4 x 10 = 40 against a model width of 32 (as in Flan-T5-small); a text-only checkpoint.
        using var temp = new TempFolder();
        var summary = DBetaConverter.WriteTextModel(CheckpointReader.Read(DBetaReference.Fixture("t5-narrow-attention.pt")), null, temp.File("text.onnx"));
        Assert.AreEqual((32, 4, 48, 100), (summary.Width, summary.Heads, summary.FfnDim, summary.VocabSize));
        using var session = new InferenceSession(temp.File("text.onnx"));
        var actual = DBetaReference.RunText(session, DBetaReference.TextIds("narrow_text_ids"));
        DBetaReference.AssertClose(actual, DBetaReference.ExpectedTopLevel("narrow_text_batched"), Tolerance, "text, attention width 40, model width 32");
    }

    [TestMethod]
    public void OnnxRuntimeFusesRmsNormAndTanhGelu()
    {
        using var temp = new TempFolder();
        string optimized = temp.File("text.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.TextFileName), options)) { }

        var ops = OnnxModelFile.Read(optimized).Graph.Node.GroupBy(n => n.OpType).ToDictionary(g => g.Key, g => g.Count());
        int blocks = 2;
        Assert.AreEqual(blocks, ops.GetValueOrDefault("Attention"));
        Assert.AreEqual(2 * blocks + 1, ops.GetValueOrDefault("SimplifiedLayerNormalization"), "every RMS norm fused");
        Assert.AreEqual(blocks, ops.GetValueOrDefault("FastGelu"), "every tanh GELU fused");
        Assert.IsFalse(ops.ContainsKey("Pow") || ops.ContainsKey("ReduceMean"), "no unfused RMS norm left");
    }
}
