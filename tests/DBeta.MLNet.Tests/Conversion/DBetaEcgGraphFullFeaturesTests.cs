using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

/// <summary>
/// The converted ECG encoder against PyTorch on a narrow model with every feature of D-BETA's full size that changes the
/// graph: the 256-channel feature stack, the positional convolution with kernel 128 in 16 groups (through the DFT up
/// to 5135 samples, the direct Conv beyond), 12 attention heads (tests/reference/make_dbeta_full_features_reference.py).
/// </summary>
[TestClass]
public sealed class DBetaEcgGraphFullFeaturesTests
{
    private const double Tolerance = 6e-6; // about 10x the measured 3.8e-7 to 6.0e-7

    private static TempFolder? s_folder;

    private static DBetaConfig? s_config;

    private static DBetaModelSummary? s_summary;

    private static string FusedModel => s_folder!.File(DBetaConverter.EcgFileName);

    private static string StandardModel => s_folder!.File(DBetaConverter.EcgStandardFileName);

    private static string Int8Model => s_folder!.File(DBetaConverter.EcgInt8FileName);

    [ClassInitialize]
    public static void ConvertFixture(TestContext context)
    {
        s_folder = new TempFolder();
        s_config = DBetaConfig.Load(DBetaReference.Fixture("config-full-features.json"));
        var weights = CheckpointReader.Read(DBetaReference.Fixture("dbeta-full-features.pt"));
        s_summary = DBetaConverter.WriteEcgModel(weights, s_config, FusedModel);
        DBetaConverter.WriteEcgModel(weights, s_config, StandardModel, EcgModelPrecision.Float32, EcgGraphOperators.Standard);
        DBetaConverter.WriteEcgModel(weights, s_config, Int8Model, EcgModelPrecision.Int8);
    }

    [ClassCleanup]
    public static void DeleteFixture() => s_folder?.Dispose();

    [TestMethod]
    public void HasDBetasFeaturesAndTheFixtureStraddlesTheDftReach()
    {
        var full = DBetaConfig.Default;
        var c = s_config!;
        CollectionAssert.AreEqual(full.ConvFeatureLayers.ToArray(), c.ConvFeatureLayers.ToArray(), "256 channels, kernel 2, stride 2, 4 layers");
        Assert.AreEqual((full.EncoderAttentionHeads, full.ConvPosKernel, full.ConvPosGroups), (c.EncoderAttentionHeads, c.ConvPosKernel, c.ConvPosGroups));
        Assert.AreEqual((2, 96, 12, 192, 96), (s_summary!.Layers, s_summary.Width, s_summary.Heads, s_summary.FfnDim, s_summary.EmbeddingDim));

        var dft = new SpectralPositionalConvolution(c.ConvPosKernel, c.ConvPosGroups, c.EncoderEmbedDim, c.EcgFrameCount(DBetaConfig.SampleCount));
        Assert.AreEqual(320, dft.MaxFrames);
        Assert.AreEqual(dft.MaxFrames, c.EcgFrameCount(5135), "5135 samples: the longest input through the DFT");
        Assert.AreEqual(dft.MaxFrames + 1, c.EcgFrameCount(5136), "5136 samples: the direct Conv");
    }

    [TestMethod]
    [DataRow(5000, 1)]
    [DataRow(5000, 3)]
    [DataRow(5135, 1)] // the DFT branch's longest input
    [DataRow(5136, 1)] // one frame beyond: the direct Conv branch
    [DataRow(6000, 2)]
    public void MatchesPyTorch(int length, int batch)
    {
        using var session = new InferenceSession(FusedModel);
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, length));
        DBetaReference.AssertClose(actual, DBetaReference.ExpectedFullFeatures($"ecg_{length}_batch{batch}"), Tolerance,
            $"full-features ECG fused, {length} samples, batch {batch}");
    }

    [TestMethod]
    [DataRow(5000, 3)]
    [DataRow(6000, 2)]
    public void StandardOperatorsMatchPyTorch(int length, int batch)
    {
        using var session = new InferenceSession(StandardModel);
        var actual = DBetaReference.RunEcg(session, DBetaReference.EcgInput(batch, length));
        DBetaReference.AssertClose(actual, DBetaReference.ExpectedFullFeatures($"ecg_{length}_batch{batch}"), Tolerance,
            $"full-features ECG standard operators, {length} samples, batch {batch}");
    }

    [TestMethod]
    public void Int8ModelStaysCloseToPyTorch()
    {
        var int8 = DBetaReference.EmbedWithEncoder(Int8Model, 3, DBetaConfig.SampleCount);
        var expected = DBetaReference.ExpectedFullFeatures("ecg_5000_batch3");
        for (int b = 0; b < expected.Length; b++)
            DBetaReference.AssertCosineAtLeast(int8[b], expected[b], 0.99985, $"full-features ECG {b}, int8 against float32"); // measured 0.999988 at least
    }
}
