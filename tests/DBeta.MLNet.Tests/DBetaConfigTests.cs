using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests;

[TestClass]
public sealed class DBetaConfigTests
{
    [TestMethod]
    public void ShippedDefaultConfigIsTheDefault()
    {
        var loaded = DBetaConfig.Load(Path.Combine(RepoPaths.Root, "models", "dbeta-default-config.json"));
        Assert.AreEqual(DBetaConfig.Default, loaded);
    }

    [TestMethod]
    public void ReadsTheModelSectionOfAConfigJson()
    {
        var c = DBetaConfig.Load(RepoPaths.Fixture("onnx", "config.json"));
        Assert.AreEqual((2, 96, 192, 6, 16, 4, 64), (c.EncoderLayers, c.EncoderEmbedDim, c.EncoderFfnDim, c.EncoderAttentionHeads, c.ConvPosKernel, c.ConvPosGroups, c.EmbeddingDim));
        Assert.AreEqual((32, 4, 2, 2), (c.ConvChannels, c.ConvLayers, c.ConvKernel, c.ConvStride));
        Assert.AreEqual(DBetaConfig.Default.TextDim, c.TextDim, "keys a D-BETA config does not have keep their defaults");
    }

    [TestMethod]
    public void AcceptsTheFlatFormAndNonUniformConvStacks()
    {
        using var temp = new TempFolder();
        string path = temp.File("config.json");
        File.WriteAllText(path, """{ "encoder_attention_heads": "8", "conv_feature_layers": "[(64, 4, 2)] + [(128, 2, 2)] * 3", "unknown": [1, 2] }""");
        var c = DBetaConfig.Load(path);
        Assert.AreEqual(8, c.EncoderAttentionHeads);
        CollectionAssert.AreEqual(new[] { new ConvLayerSpec(64, 4, 2), new ConvLayerSpec(128, 2, 2), new ConvLayerSpec(128, 2, 2), new ConvLayerSpec(128, 2, 2) }, c.ConvFeatureLayers.ToArray());
        Assert.AreEqual(4, c.ConvLayers);
        Assert.AreEqual(128, c.ConvChannels);
    }

    [TestMethod]
    [DataRow("""{ "model": { "encoder_layers": "eight" } }""", "'encoder_layers' is \"eight\", expected a positive integer")]
    [DataRow("""{ "model": { "encoder_embed_dim": -5 } }""", "'encoder_embed_dim' is -5")]
    [DataRow("""{ "model": { "encoder_attention_heads": 5 } }""", "encoder_embed_dim 768 is not a multiple of encoder_attention_heads 5")]
    [DataRow("""{ "model": { "conv_feature_layers": 4 } }""", "'conv_feature_layers' is Number")]
    [DataRow("""{ "model": { "conv_feature_layers": "__import__('os').system('x')" } }""", "conv_feature_layers")]
    [DataRow("not json", "not valid JSON")]
    [DataRow("[1, 2]", "expected a JSON object")]
    public void BadConfigsNameTheFileAndTheProblem(string json, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.File("config.json");
        File.WriteAllText(path, json);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => DBetaConfig.Load(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void MissingConfigIsFileNotFound() =>
        Assert.ThrowsExactly<FileNotFoundException>(() => DBetaConfig.Load(Path.Combine(Path.GetTempPath(), "no-such-dbeta-config.json")));

    [TestMethod]
    [DataRow(5000, 312)]
    [DataRow(2500, 156)]
    [DataRow(1234, 77)]
    [DataRow(16, 1)]
    [DataRow(15, 0)]
    public void EcgFrameCountFollowsTheConvStack(int samples, int frames) =>
        Assert.AreEqual(frames, DBetaConfig.Default.EcgFrameCount(samples));
}
