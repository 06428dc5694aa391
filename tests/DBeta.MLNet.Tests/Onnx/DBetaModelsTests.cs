using DBeta.MLNet.Onnx;
using DBeta.MLNet.Onnx.Checkpoints;
using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML.OnnxRuntime;

namespace DBeta.MLNet.Tests.Onnx;

[TestClass]
public sealed class DBetaModelsTests
{
    [TestMethod]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        var a = DBetaModels.CreateRandom(DBetaConfig.Tiny, 7);
        var b = DBetaModels.CreateRandom(DBetaConfig.Tiny, 7);
        var c = DBetaModels.CreateRandom(DBetaConfig.Tiny, 8);
        foreach (var (key, t) in a.Tensors)
            CollectionAssert.AreEqual(t.Data, b.Tensors[key].Data, key);
        Assert.IsFalse(a.Tensors[DBetaWeightKeys.ClassEmbedding].Data.SequenceEqual(c.Tensors[DBetaWeightKeys.ClassEmbedding].Data));
        // Pinned values: the generator is a fixed algorithm, so these never change across platforms or .NET versions.
        var cls = a.Tensors[DBetaWeightKeys.ClassEmbedding].Data;
        Assert.AreEqual(64, cls.Length);
        Assert.IsTrue(cls.All(v => v is >= -1f and < 1f));
        Assert.IsTrue(a.Tensors["ecg_encoder.encoder.layers.0.fc1.weight"].Data.All(v => MathF.Abs(v) <= 1 / MathF.Sqrt(64)), "fan-in scaled");
    }

    [TestMethod]
    public void HasExactlyThePublishedKeysAndShapes()
    {
        // The Python reference names its modules after D-BETA's checkpoint; random weights must use the same keys.
        var reference = CheckpointReader.Read(DBetaReference.Fixture("dbeta-tiny-fp32.pt"));
        var config = DBetaConfig.Load(DBetaReference.Fixture("config.json")) with { TextDim = 32, TextLayers = 2, TextHeads = 4, TextFfnDim = 64 };
        var random = DBetaModels.CreateRandom(config, 1);

        var extra = reference.Tensors.Keys.Except(random.Tensors.Keys).Order(StringComparer.Ordinal).ToArray();
        CollectionAssert.AreEqual(new[] { "ecg_encoder.mask_emb", "ecg_encoder.num_updates", "itm_head.weight", "language_encoder.encoder.embed_tokens.weight", "logit_scale" }, extra);
        Assert.IsEmpty(random.Tensors.Keys.Except(reference.Tensors.Keys));
        foreach (var (key, t) in random.Tensors)
            CollectionAssert.AreEqual(reference.Tensors[key].Shape, t.Shape, key);
    }

    [TestMethod]
    public void TinyRandomModelsAreByteIdenticalForOneSeed()
    {
        using var temp = new TempFolder();
        var first = DBetaConverter.Convert(DBetaModels.CreateRandom(DBetaConfig.Tiny, 3), DBetaConfig.Tiny, temp.File("a"));
        DBetaConverter.Convert(DBetaModels.CreateRandom(DBetaConfig.Tiny, 3), DBetaConfig.Tiny, temp.File("b"));
        Assert.IsEmpty(first.IgnoredTensorKeys);
        foreach (string name in new[] { DBetaConverter.EcgFileName, DBetaConverter.TextFileName })
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(temp.File("a"), name)), File.ReadAllBytes(Path.Combine(temp.File("b"), name)), name);

        using var ecg = new InferenceSession(Path.Combine(temp.File("a"), DBetaConverter.EcgFileName));
        var rows = DBetaReference.RunEcg(ecg, DBetaReference.EcgInput(2, 5000));
        Assert.AreEqual(DBetaConfig.Tiny.EmbeddingDim, rows[0].Length);
        Assert.IsTrue(rows.SelectMany(r => r).All(float.IsFinite));
        Assert.IsFalse(rows[0].SequenceEqual(rows[1]), "different ECGs, different embeddings");
    }
}
