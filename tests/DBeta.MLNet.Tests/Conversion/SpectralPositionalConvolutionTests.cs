using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

/// <summary>
/// The float32 ECG graph's positional convolution through the DFT. Its agreement with PyTorch is checked by
/// <see cref="DBetaEcgGraphTests"/> (lengths 5000, 2500, 1234 on the DFT branch, 6000 on the direct one) and, at
/// D-BETA's kernel 128 in 16 groups, by <see cref="DBetaEcgGraphFullFeaturesTests"/> (5000 and 5135 on the DFT branch,
/// 5136 and 6000 on the direct one); these tests check its reach, the graph's shape, and that embeddings do not
/// depend on batch size or threads.
/// </summary>
[TestClass]
public sealed class SpectralPositionalConvolutionTests
{
    [TestMethod]
    public void TheDftIsLongEnoughForTenSecondsAtFullSize()
    {
        var full = new SpectralPositionalConvolution(kernel: 128, groups: 16, width: 768, typicalFrames: 312);
        Assert.AreEqual(384, full.Length);
        Assert.AreEqual(193, full.Frequencies);
        Assert.AreEqual(320, full.MaxFrames, "up to 5135 samples: 10 s at 500 Hz, and CODE's 5120 before the cut");
    }

    [TestMethod]
    [DataRow(16, 40)]  // even kernel: taps at offsets -8..7
    [DataRow(15, 37)]  // odd kernel: -7..7
    public void ThreeProductsEqualThePaddedCorrelationUpToTheLongestInput(int kernel, int typicalFrames)
    {
        // One input and one output channel: DFT (forward matrix), times the response of the taps (response matrix),
        // inverse DFT, against the correlation with zero padding of kernel / 2, at the longest input the DFT takes.
        var conv = new SpectralPositionalConvolution(kernel, groups: 1, width: 1, typicalFrames);
        int t = conv.MaxFrames, f = conv.Frequencies, pad = kernel / 2;
        float[] forward = conv.ForwardMatrix(), response = conv.ResponseMatrix(), inverse = conv.InverseMatrix();
        var rng = new Random(5);
        double[] x = Enumerable.Range(0, t).Select(_ => rng.NextDouble() - 0.5).ToArray();
        double[] w = Enumerable.Range(0, kernel).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var spectrum = new double[2 * f];
        var h = new double[2 * f];
        for (int n = 0; n < t; n++)
            for (int k = 0; k < 2 * f; k++) spectrum[k] += x[n] * forward[n * 2 * f + k];
        for (int j = 0; j < kernel; j++)
            for (int k = 0; k < 2 * f; k++) h[k] += w[j] * response[j * 2 * f + k];
        var product = new double[2 * f];
        for (int k = 0; k < f; k++)
        {
            product[k] = spectrum[k] * h[k] - spectrum[f + k] * h[f + k];
            product[f + k] = spectrum[k] * h[f + k] + spectrum[f + k] * h[k];
        }
        double worst = 0;
        for (int n = 0; n < t; n++)
        {
            double spectral = 0, direct = 0;
            for (int k = 0; k < 2 * f; k++) spectral += product[k] * inverse[k * t + n];
            for (int j = 0; j < kernel; j++)
                if (n + j - pad is int i && i >= 0 && i < t) direct += w[j] * x[i];
            worst = Math.Max(worst, Math.Abs(spectral - direct));
        }
        Assert.IsLessThan(1e-5, worst, $"largest difference {worst:E2} over {t} frames");
    }

    [TestMethod]
    public void TheMatricesInvertEachOther()
    {
        // Forward then inverse real DFT of a signal of MaxFrames steps returns it (to float rounding).
        var conv = new SpectralPositionalConvolution(kernel: 16, groups: 4, width: 96, typicalFrames: 100);
        int t = conv.MaxFrames, twoF = 2 * conv.Frequencies;
        float[] forward = conv.ForwardMatrix(), inverse = conv.InverseMatrix();
        var rng = new Random(3);
        double[] x = Enumerable.Range(0, t).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var spectrum = new double[twoF];
        for (int n = 0; n < t; n++)
            for (int k = 0; k < twoF; k++) spectrum[k] += x[n] * forward[n * twoF + k];
        double worst = 0;
        for (int n = 0; n < t; n++)
        {
            double back = 0;
            for (int k = 0; k < twoF; k++) back += spectrum[k] * inverse[k * t + n];
            worst = Math.Max(worst, Math.Abs(back - x[n]));
        }
        Assert.IsLessThan(1e-5, worst, $"round trip error {worst:E2}");
    }

    [TestMethod]
    public void LongInputsTakeTheDirectConvolutionBranch()
    {
        var model = OnnxModelFile.Read(TinyModels.EcgModel);
        var node = model.Graph.Node.Single(n => n.OpType == "If");
        var then = node.Attribute.Single(a => a.Name == "then_branch").G;
        var otherwise = node.Attribute.Single(a => a.Name == "else_branch").G;
        Assert.IsFalse(then.Node.Any(n => n.OpType == "Conv"), "the DFT branch has no Conv");
        Assert.AreEqual(3, then.Node.Count(n => n.OpType == "MatMul"), "DFT, channel mix, inverse DFT");
        Assert.AreEqual(1, otherwise.Node.Count(n => n.OpType == "Conv"));
    }

    [TestMethod]
    public void OnnxRuntimeFoldsTheFrequencyResponseWhenTheSessionLoads()
    {
        using var temp = new TempFolder();
        string optimized = temp.File("ecg.optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(TinyModels.EcgModel, options)) { }
        var graph = OnnxModelFile.Read(optimized).Graph;
        Assert.IsFalse(graph.Node.Any(n => n.Name.StartsWith("pos_conv.spectral.response", StringComparison.Ordinal)), "computed once, not per run");
        Assert.IsTrue(graph.Initializer.Any(t => t.Name.StartsWith("pos_conv.spectral.response.weight", StringComparison.Ordinal)), "folded into a constant");
    }

    [TestMethod]
    [DataRow(1000)]
    [DataRow(5000)]
    [DataRow(6000)]
    public void EmbeddingsDoNotDependOnBatchSizeOrThreads(int samples)
    {
        const int Ecgs = 5;
        var x = DBetaReference.EcgInput(Ecgs, samples).ToArray();
        float[] Embed(int threads, bool oneByOne)
        {
            using var encoder = new EcgEncoder(TinyModels.EcgModel, new OnnxExecutionOptions { IntraOpThreads = threads });
            int d = encoder.EmbeddingDim, width = DBetaConfig.LeadCount * samples;
            var output = new float[Ecgs * d];
            if (!oneByOne) encoder.Embed(x, Ecgs, samples, output);
            else
                for (int i = 0; i < Ecgs; i++) encoder.Embed(x.AsMemory(i * width, width), 1, samples, output.AsMemory(i * d, d));
            return output;
        }
        float[] reference = Embed(1, oneByOne: false);
        CollectionAssert.AreEqual(reference, Embed(2, oneByOne: false), "2 threads, one batch");
        CollectionAssert.AreEqual(reference, Embed(2, oneByOne: true), "2 threads, one ECG per run");
        CollectionAssert.AreEqual(reference, Embed(1, oneByOne: true), "1 thread, one ECG per run");
    }
}
