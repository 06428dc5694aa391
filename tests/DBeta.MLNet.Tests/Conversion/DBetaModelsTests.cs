using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion;

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
    }

    [TestMethod]
    [DataRow(7)]
    [DataRow(-3)]
    public void SeededWeightsEqualAPythonGeneratorBuiltFromTheDefinition(int seed)
    {
        // tests/reference/make_random_weight_fixtures.py: SplitMix64 checked against its published sequence, the
        // per-tensor seeding and fan-in scaling as DBetaModels documents them. The same seed must give these values on
        // every platform, or models and benchmarks built from "random(seed=...)" stop being comparable.
        var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, seed);
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("onnx", "random_weights.json")));
        foreach (var tensor in doc.RootElement.GetProperty("seeds").GetProperty(seed.ToString(CultureInfo.InvariantCulture)).EnumerateObject())
        {
            var actual = weights.Tensors[tensor.Name];
            CollectionAssert.AreEqual(tensor.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray(),
                actual.Shape.Select(v => (long)v).ToArray(), tensor.Name);
            float[] expected = tensor.Value.GetProperty("leading").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            int differing = expected.Where((v, i) => v != actual.Data[i]).Count();
            Assert.AreEqual(0, differing, $"{tensor.Name}: {differing} of the first {expected.Length} values differ, e.g. " +
                $"[0] {actual.Data[0]:R} vs Python {expected[0]:R}");
        }
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
