using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.Conversion;

namespace DBeta.MLNet.Tests.Embedding;

[TestClass]
public sealed class EcgEncoderTests
{
    [TestMethod]
    public void OptimisedSessionGivesTheEmbeddingsOfTheUnoptimisedGraph()
    {
        // The encoder's session (all ONNX Runtime optimisations but the SkipLayerNorm fusion) against the graph as written.
        string model = Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgFileName);
        var ecgs = DBetaReference.EcgInput(3, DBetaConfig.SampleCount);
        using var plainOptions = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var plain = new InferenceSession(model, plainOptions);
        var expected = DBetaReference.RunEcg(plain, ecgs);

        using var encoder = new EcgEncoder(model, new OnnxExecutionOptions { IntraOpThreads = 2 });
        var output = new float[3 * encoder.EmbeddingDim];
        encoder.Embed(ecgs.ToArray(), 3, DBetaConfig.SampleCount, output);
        var actual = Enumerable.Range(0, 3).Select(b => output.AsSpan(b * encoder.EmbeddingDim, encoder.EmbeddingDim).ToArray()).ToArray();
        double error = DBetaReference.RelativeError(actual, expected);
        Assert.IsLessThanOrEqualTo(1e-5, error, $"relative error {error:E2}");
    }

    [TestMethod]
    public void SplitsCallsForAModelWithAFixedBatch()
    {
        using var fp32 = new EcgEncoder(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgFileName));
        using var int8 = new EcgEncoder(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgInt8FileName));
        Assert.AreEqual(int.MaxValue, fp32.MaxBatchSize);
        Assert.AreEqual(1, int8.MaxBatchSize);

        var ecgs = DBetaReference.EcgInput(3, 2500).ToArray();
        var together = new float[3 * int8.EmbeddingDim];
        int8.Embed(ecgs, 3, 2500, together);
        for (int b = 0; b < 3; b++)
        {
            var alone = int8.Embed(ecgs.AsSpan(b * 12 * 2500, 12 * 2500).ToArray());
            CollectionAssert.AreEqual(alone, together.AsSpan(b * int8.EmbeddingDim, int8.EmbeddingDim).ToArray(), $"ECG {b}");
        }
    }
}
