using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

[TestClass]
public sealed class DBetaConverterTests
{
    private static readonly string[] ExtraKeys =
    [
        "ecg_encoder.mask_emb", "ecg_encoder.num_updates", "itm_head.weight", "language_encoder.encoder.embed_tokens.weight", "logit_scale",
    ];

    private static StateDict FixtureWeights() => CheckpointReader.Read(DBetaReference.Fixture("dbeta-tiny-fp32.pt"));

    private static DBetaConfig FixtureConfig() => DBetaConfig.Load(DBetaReference.Fixture("config.json"));

    private static StateDict With(StateDict sd, Func<Dictionary<string, WeightTensor>, Dictionary<string, WeightTensor>> change) =>
        new(sd.SourcePath, sd.Format, change(new Dictionary<string, WeightTensor>(sd.Tensors)), sd.SkippedKeys);

    [TestMethod]
    public void SummaryReportsWhatTheCheckpointHolds()
    {
        using var temp = new TempFolder();
        var summary = DBetaConverter.Convert(DBetaReference.Fixture("dbeta-tiny-fp16.pt"), DBetaReference.Fixture("config.json"), temp.Path);

        Assert.AreEqual("pytorch-zip", summary.Format);
        Assert.AreEqual("float16", summary.SourceDType);
        CollectionAssert.AreEqual(ExtraKeys, summary.IgnoredTensorKeys.ToArray());
        Assert.AreEqual(ExtraKeys.Length + summary.NonTensorEntryCount, summary.SkippedKeyCount);
        Assert.AreEqual((2, 96, 6, 192, 64), (summary.Ecg.Layers, summary.Ecg.Width, summary.Ecg.Heads, summary.Ecg.FfnDim, summary.Ecg.EmbeddingDim));
        Assert.AreEqual((2, 32, 4, 64, 64, 32128), (summary.Text.Layers, summary.Text.Width, summary.Text.Heads, summary.Text.FfnDim, summary.Text.EmbeddingDim, summary.Text.VocabSize));
        Assert.AreEqual(new FileInfo(temp.File(DBetaConverter.EcgFileName)).Length, summary.Ecg.FileBytes);
        Assert.AreEqual(new FileInfo(temp.File(DBetaConverter.TextFileName)).Length, summary.Text.FileBytes);
        StringAssert.Contains(summary.ToString(), "6 heads");
        CollectionAssert.AreEquivalent(new[] { DBetaConverter.EcgFileName, DBetaConverter.TextFileName },
            Directory.GetFiles(temp.Path).Select(Path.GetFileName).ToArray(), "no temporary files left behind");
    }

    [TestMethod]
    public void ModelsCarryKindDimensionsAndTheCheckpointHash()
    {
        string source = DBetaReference.Fixture("dbeta-tiny-fp32.pt");
        string sha;
        using (var stream = File.OpenRead(source)) sha = Convert.ToHexStringLower(SHA256.HashData(stream));

        using var ecg = new InferenceSession(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.EcgFileName));
        var meta = ecg.ModelMetadata.CustomMetadataMap;
        Assert.AreEqual("ecg", meta["dbeta.kind"]);
        Assert.AreEqual("64", meta["dbeta.embedding_dim"]);
        Assert.AreEqual("6", meta["dbeta.heads"]);
        Assert.AreEqual(sha, meta["dbeta.source_sha256"]);
        Assert.AreEqual("DBeta.MLNet", ecg.ModelMetadata.ProducerName);
        CollectionAssert.AreEqual(new[] { -1, 12, -1 }, ecg.InputMetadata[DBetaEcgGraph.InputName].Dimensions, "dynamic batch and time");

        using var text = new InferenceSession(Path.Combine(DBetaReference.Converted("fp32"), DBetaConverter.TextFileName));
        Assert.AreEqual("text", text.ModelMetadata.CustomMetadataMap["dbeta.kind"]);
        Assert.AreEqual("32128", text.ModelMetadata.CustomMetadataMap["dbeta.vocab_size"]);
        CollectionAssert.AreEquivalent(new[] { DBetaTextGraph.InputIdsName, DBetaTextGraph.AttentionMaskName }, text.InputMetadata.Keys.ToArray());
    }

    [TestMethod]
    public void MissingTensorIsNamedWithFileAndExpectedShape()
    {
        const string key = "ecg_encoder.encoder.layers.1.fc2.weight";
        var weights = With(FixtureWeights(), d => { d.Remove(key); return d; });
        using var temp = new TempFolder();

        var e = Assert.ThrowsExactly<ModelFormatException>(() => DBetaConverter.Convert(weights, FixtureConfig(), temp.Path));
        Assert.AreEqual(weights.SourcePath, e.FilePath);
        StringAssert.Contains(e.Message, key);
        StringAssert.Contains(e.Message, "[96, 192]");
        Assert.IsEmpty(Directory.GetFiles(temp.Path), "nothing written when the weights are incomplete");
    }

    [TestMethod]
    public void WrongShapeIsNamedWithExpectedAndActualShape()
    {
        const string key = "language_encoder.encoder.block.1.layer.1.DenseReluDense.wo.weight";
        var weights = With(FixtureWeights(), d => { d[key] = new WeightTensor(key, [32, 60], new float[32 * 60]); return d; });
        using var temp = new TempFolder();

        var e = Assert.ThrowsExactly<ModelFormatException>(() => DBetaConverter.Convert(weights, FixtureConfig(), temp.Path));
        StringAssert.Contains(e.Message, key);
        StringAssert.Contains(e.Message, "[32, 60]");
        StringAssert.Contains(e.Message, "expected [32, 64]");
    }

    [TestMethod]
    public void NonFiniteWeightsAreRejected()
    {
        const string key = "ecg_encoder.encoder.layers.0.fc1.bias";
        var weights = With(FixtureWeights(), d =>
        {
            var data = (float[])d[key].Data.Clone();
            data[3] = float.NaN;
            d[key] = new WeightTensor(key, d[key].Shape, data);
            return d;
        });
        using var temp = new TempFolder();
        var e = Assert.ThrowsExactly<ModelFormatException>(() => DBetaConverter.Convert(weights, null, temp.Path));
        StringAssert.Contains(e.Message, key);
    }

    [TestMethod]
    public void ConfigThatDisagreesWithTheWeightsIsRejected()
    {
        using var temp = new TempFolder();
        var e = Assert.ThrowsExactly<ModelFormatException>(() =>
            DBetaConverter.Convert(FixtureWeights(), FixtureConfig() with { EncoderLayers = 8 }, temp.Path));
        StringAssert.Contains(e.Message, "encoder_layers = 8");

        e = Assert.ThrowsExactly<ModelFormatException>(() =>
            DBetaConverter.Convert(FixtureWeights(), FixtureConfig() with { EncoderAttentionHeads = 7 }, temp.Path));
        StringAssert.Contains(e.Message, "encoder_attention_heads 7 does not divide the encoder width 96");

        // Without a config the head count cannot be known: D-BETA's 12 is used (and reported).
        Assert.AreEqual(12, DBetaConverter.Convert(FixtureWeights(), null, temp.Path).Ecg.Heads);
    }

    [TestMethod]
    public void NewerWeightNormNamesAndUntiedEmbeddingNamesGiveTheSameModel()
    {
        var renamed = With(FixtureWeights(), d =>
        {
            d["ecg_encoder.conv_pos.pos_conv.0.parametrizations.weight.original0"] = d["ecg_encoder.conv_pos.pos_conv.0.weight_g"];
            d["ecg_encoder.conv_pos.pos_conv.0.parametrizations.weight.original1"] = d["ecg_encoder.conv_pos.pos_conv.0.weight_v"];
            d.Remove("ecg_encoder.conv_pos.pos_conv.0.weight_g");
            d.Remove("ecg_encoder.conv_pos.pos_conv.0.weight_v");
            d.Remove("language_encoder.shared.weight"); // embed_tokens alone must do
            return d;
        });
        using var temp = new TempFolder();
        DBetaConverter.Convert(renamed, FixtureConfig(), temp.Path);

        using var ecg = new InferenceSession(temp.File(DBetaConverter.EcgFileName));
        DBetaReference.AssertClose(DBetaReference.RunEcg(ecg, DBetaReference.EcgInput(1, 5000)), DBetaReference.Expected("fp32", "ecg_5000_batch1"), DBetaReference.EcgTolerance, "ECG, renamed keys");
        using var text = new InferenceSession(temp.File(DBetaConverter.TextFileName));
        DBetaReference.AssertClose(DBetaReference.RunText(text, DBetaReference.TextIds()), DBetaReference.Expected("fp32", "text_batched"), DBetaReference.TextTolerance, "text, untied embedding key");
    }

    [TestMethod]
    public void ConvBiasesAreUsedWhenACheckpointHasThem()
    {
        const string key = "ecg_encoder.feature_extractor.conv_layers.1.0.bias";
        float[][] EmbedWithBias(float value)
        {
            var weights = With(FixtureWeights(), d => { d[key] = new WeightTensor(key, [32], Enumerable.Repeat(value, 32).ToArray()); return d; });
            using var temp = new TempFolder();
            var summary = DBetaConverter.Convert(weights, FixtureConfig(), temp.Path);
            Assert.DoesNotContain(key, summary.IgnoredTensorKeys.ToList());
            using var ecg = new InferenceSession(temp.File(DBetaConverter.EcgFileName));
            return DBetaReference.RunEcg(ecg, DBetaReference.EcgInput(1, 5000));
        }
        var expected = DBetaReference.Expected("fp32", "ecg_5000_batch1");
        DBetaReference.AssertClose(EmbedWithBias(0f), expected, DBetaReference.EcgTolerance, "ECG, zero conv bias");
        double error = DBetaReference.RelativeError(EmbedWithBias(0.5f), expected);
        Assert.IsGreaterThan(1e-2, error, $"conv bias 0.5 must show: relative error {error:E2}");
    }

    [TestMethod]
    public void WritesEachModelAloneAndReplacesAnExistingFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("ecg.onnx");
        File.WriteAllText(path, "old content");
        var ecg = DBetaConverter.WriteEcgModel(FixtureWeights(), FixtureConfig(), path);
        Assert.AreEqual(new FileInfo(path).Length, ecg.FileBytes);
        var text = DBetaConverter.WriteTextModel(FixtureWeights(), null, temp.File("text.onnx"));
        Assert.AreEqual("text", text.Kind);
        using var session = new InferenceSession(path);
        Assert.AreEqual("ecg", session.ModelMetadata.CustomMetadataMap["dbeta.kind"]);
    }

    [TestMethod]
    public void OptionsAddTheInt8AndStandardOperatorEcgModels()
    {
        using var temp = new TempFolder();
        var summary = DBetaConverter.Convert(DBetaModels.CreateRandom(DBetaConfig.Tiny, 4), DBetaConfig.Tiny, temp.Path,
            new DBetaConversionOptions { Int8Ecg = true, StandardOperatorsEcg = true });
        Assert.AreEqual(temp.File(DBetaConverter.EcgStandardFileName), summary.EcgStandard!.Path);
        Assert.AreEqual(temp.File(DBetaConverter.EcgInt8FileName), summary.EcgInt8!.Path);
        Assert.AreEqual(summary.Ecg.ParameterCount, summary.EcgStandard.ParameterCount, "same weights, laid out differently");
        StringAssert.Contains(summary.ToString(), DBetaConverter.EcgStandardFileName);
        using var session = new InferenceSession(summary.EcgStandard.Path);
        Assert.AreEqual("standard", session.ModelMetadata.CustomMetadataMap["dbeta.operators"]);
        Assert.AreEqual("float32", session.ModelMetadata.CustomMetadataMap["dbeta.precision"]);

        var plain = DBetaConverter.Convert(DBetaModels.CreateRandom(DBetaConfig.Tiny, 4), DBetaConfig.Tiny, temp.File("plain"));
        Assert.IsNull(plain.EcgStandard);
        Assert.IsFalse(File.Exists(Path.Combine(temp.File("plain"), DBetaConverter.EcgStandardFileName)));
    }
}
