using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Compatibility;

/// <summary>
/// Model zips saved by an earlier ML.NET / ONNX Runtime (tests/fixtures/saved-models, written by
/// tests/reference/make_saved_model_fixtures.cs with ML.NET 5.0.1 and ONNX Runtime 1.31.1) load with the versions
/// the repository pins now and give the outputs they gave then: users' saved pipelines survive an upgrade.
/// </summary>
[TestClass]
public sealed class SavedModelCompatibilityTests
{
    private const int Samples = 1000;

    [TestMethod]
    public void SavedEcgEmbeddingLoadsAndEmbedsAsWhenItWasSaved()
    {
        var ml = new MLContext(seed: 1);
        var inputs = NpyFixture.Load("saved-models", "ecg-inputs");
        var expected = NpyFixture.Load("saved-models", "ecg-embeddings");
        int width = inputs.Shape[1];
        var rows = Enumerable.Range(0, inputs.Shape[0]).Select(i => new EcgRow
        {
            Id = $"ecg-{i}",
            Ecg = inputs.Values.Skip(i * width).Take(width).Select(v => (float)v).ToArray(),
        }).ToArray();

        var loaded = ml.Model.Load(RepoPaths.Fixture("saved-models", "ecg-embedding.zip"), out var inputSchema);
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 12 * Samples), inputSchema["Ecg"].Type);
        float[][] embeddings = loaded.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float[]>("Embedding").ToArray();
        AssertEqualRows(expected, embeddings, "embedding");
        (loaded as IDisposable)?.Dispose();
    }

    [TestMethod]
    [DataRow("lbfgs")]
    [DataRow("fasttree")]
    [DataRow("lightgbm")]
    public void SavedProbeLoadsAndScoresAsWhenItWasSaved(string head)
    {
        var ml = new MLContext(seed: 1);
        var test = ml.Data.LoadEmbeddingsFromNpy(RepoPaths.Fixture("probes", "test_embeddings.npy"), RepoPaths.Fixture("probes", "test_labels.csv"));
        var loaded = ml.Model.Load(RepoPaths.Fixture("saved-models", $"probe-{head}.zip"), out _);
        float[][] probabilities = loaded.Transform(test).GetColumn<float[]>("Probabilities").ToArray();
        AssertEqualRows(NpyFixture.Load("saved-models", $"probe-{head}-probabilities"), probabilities, $"{head} probability");
    }

    // Bit for bit: the same model on the same input, only the library versions differ.
    private static void AssertEqualRows(NpyFixture expected, float[][] actual, string what)
    {
        Assert.HasCount(expected.Shape[0], actual);
        int width = expected.Shape[1];
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.HasCount(width, actual[i], $"row {i}");
            for (int j = 0; j < width; j++)
                Assert.AreEqual((float)expected.Values[i * width + j], actual[i][j], $"{what}, row {i}, slot {j}");
        }
    }

    public sealed class EcgRow
    {
        public string Id { get; set; } = "";
        [VectorType(12 * Samples)] public float[] Ecg { get; set; } = [];
    }
}
