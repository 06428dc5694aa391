using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

[TestClass]
public sealed class EcgModelArchitectureTests
{
    [TestMethod]
    [DataRow(DBetaConverter.EcgFileName, EcgModelPrecision.Float32)]
    [DataRow(DBetaConverter.EcgInt8FileName, EcgModelPrecision.Int8)]
    public void ReadsTheSizesTheModelWasConvertedWith(string file, EcgModelPrecision precision)
    {
        var expected = DBetaConfig.Load(DBetaReference.Fixture("config.json"));
        var read = EcgModelArchitecture.Read(Path.Combine(DBetaReference.Converted("fp32"), file));

        Assert.AreEqual(precision, read.Precision);
        var c = read.Config;
        CollectionAssert.AreEqual(expected.ConvFeatureLayers.ToArray(), c.ConvFeatureLayers.ToArray());
        Assert.AreEqual((expected.EncoderEmbedDim, expected.EncoderLayers, expected.EncoderAttentionHeads, expected.EncoderFfnDim),
            (c.EncoderEmbedDim, c.EncoderLayers, c.EncoderAttentionHeads, c.EncoderFfnDim));
        Assert.AreEqual((expected.ConvPosKernel, expected.ConvPosGroups, expected.EmbeddingDim), (c.ConvPosKernel, c.ConvPosGroups, c.EmbeddingDim));
    }

    [TestMethod]
    public void ReadsANonUniformConvolutionStack()
    {
        var config = DBetaConfig.Tiny with { ConvFeatureLayers = [new(24, 4, 3), new(32, 3, 2), new(32, 2, 2)] };
        using var temp = new TempFolder();
        DBetaConverter.WriteEcgModel(DBetaModels.CreateRandom(config, 1), config, temp.File("m.onnx"));

        var read = EcgModelArchitecture.Read(temp.File("m.onnx")).Config;
        CollectionAssert.AreEqual(config.ConvFeatureLayers.ToArray(), read.ConvFeatureLayers.ToArray(), "channels, kernels and strides");
        Assert.AreEqual((config.EncoderEmbedDim, config.EncoderLayers, config.EncoderAttentionHeads), (read.EncoderEmbedDim, read.EncoderLayers, read.EncoderAttentionHeads));
    }

    [TestMethod]
    public void ReadsTheSameArchitectureFromTheStandardOperatorGraph()
    {
        using var temp = new TempFolder();
        var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, 2);
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("fused.onnx"));
        DBetaConverter.WriteEcgModel(weights, DBetaConfig.Tiny, temp.File("standard.onnx"), EcgModelPrecision.Float32, EcgGraphOperators.Standard);

        var fused = EcgModelArchitecture.Read(temp.File("fused.onnx"));
        var standard = EcgModelArchitecture.Read(temp.File("standard.onnx"));
        Assert.AreEqual(EcgGraphOperators.OnnxRuntime, fused.Operators);
        Assert.AreEqual(EcgGraphOperators.Standard, standard.Operators);
        Assert.AreEqual(EcgModelPrecision.Float32, standard.Precision);
        var (f, s) = (fused.Config, standard.Config);
        Assert.AreEqual((DBetaConfig.Tiny.EncoderEmbedDim, DBetaConfig.Tiny.EncoderLayers, DBetaConfig.Tiny.EncoderAttentionHeads, DBetaConfig.Tiny.EncoderFfnDim),
            (s.EncoderEmbedDim, s.EncoderLayers, s.EncoderAttentionHeads, s.EncoderFfnDim));
        Assert.AreEqual((f.ConvPosKernel, f.ConvPosGroups, f.EmbeddingDim), (s.ConvPosKernel, s.ConvPosGroups, s.EmbeddingDim));
        CollectionAssert.AreEqual(f.ConvFeatureLayers.ToArray(), s.ConvFeatureLayers.ToArray());
    }

    [TestMethod]
    public void RejectsOtherModelsAndDamagedFiles()
    {
        var text = Assert.ThrowsExactly<ModelFormatException>(() => EcgModelArchitecture.Read(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.TextFileName)));
        StringAssert.Contains(text.Message, "expected an ECG encoder");

        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgFileName));
        File.WriteAllBytes(temp.File("cut.onnx"), bytes[..(bytes.Length / 2)]);
        var cut = Assert.ThrowsExactly<ModelFormatException>(() => EcgModelArchitecture.Read(temp.File("cut.onnx")));
        StringAssert.Contains(cut.Message, "cut.onnx");

        Assert.ThrowsExactly<FileNotFoundException>(() => EcgModelArchitecture.Read(temp.File("missing.onnx")));
    }
}
