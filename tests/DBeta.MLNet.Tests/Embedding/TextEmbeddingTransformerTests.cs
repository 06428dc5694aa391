using Microsoft.ML;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Embedding;

[TestClass]
public sealed class TextEmbeddingTransformerTests
{
    private static string Tokenizer => RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    public sealed class TextRow
    {
        public string Text { get; set; } = "";
    }

    public sealed class EmbeddedText
    {
        public string Text { get; set; } = "";
        public float[] TextEmbedding { get; set; } = [];
    }

    private static readonly string[] Prompts =
    [
        "Atrial fibrillation",
        "First degree AV block: PR interval longer than 200 ms",
        "Right bundle branch block with rSR' in V1 and a wide S wave in lead I and V6",
        "sinus bradycardia",
        "ST",
    ];

    [TestMethod]
    public void BatchedPaddedTextsEqualEachTextAlone()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Prompts.Select(p => new TextRow { Text = p }));
        using var transformer = ml.Transforms.EmbedTextWithDBeta(new TextEmbeddingOptions
        {
            ModelPath = TinyModels.TextModel, TokenizerPath = Tokenizer, BatchSize = 3,
        }).Fit(data);
        var batched = ml.Data.CreateEnumerable<EmbeddedText>(transformer.Transform(data), reuseRowObject: false).ToArray();

        var tokenizer = DBetaTextTokenizer.Load(Tokenizer);
        using var encoder = new TextEncoder(TinyModels.TextModel);
        for (int i = 0; i < Prompts.Length; i++)
        {
            Assert.AreEqual(Prompts[i], batched[i].Text);
            float[] alone = encoder.Embed(tokenizer, [Prompts[i]])[0];
            Assert.HasCount(alone.Length, batched[i].TextEmbedding);
            for (int d = 0; d < alone.Length; d++)
                Assert.AreEqual(alone[d], batched[i].TextEmbedding[d], 1e-5f, $"text {i} dim {d}");
        }
    }

    [TestMethod]
    public void LowercasingIsOnByDefaultAsInDBeta()
    {
        var tokenizer = DBetaTextTokenizer.Load(Tokenizer);
        using var encoder = new TextEncoder(TinyModels.TextModel);
        var pair = encoder.Embed(tokenizer, ["SINUS BRADYCARDIA", "sinus bradycardia"]);
        CollectionAssert.AreEqual(pair[1], pair[0]);
    }

    [TestMethod]
    public void NonTextColumnIsNamedWithExpectedAndActualType()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Text = 3.5f } });
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.EmbedTextWithDBeta(TinyModels.TextModel, Tokenizer).Fit(data));
        StringAssert.Contains(error.Message, "input column 'Text'");
        StringAssert.Contains(error.Message, "expected Text");
        StringAssert.Contains(error.Message, "Single");
    }

    [TestMethod]
    public void SavingSaysWhyTextEmbeddingCannotBeSavedAndWhatToDo()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Prompts.Select(p => new TextRow { Text = p }));
        using var transformer = ml.Transforms.EmbedTextWithDBeta(TinyModels.TextModel, Tokenizer).Fit(data);
        using var temp = new TestSupport.TempFolder();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => ml.Model.Save(transformer, data.Schema, temp.File("text.zip")));
        StringAssert.Contains(error.Message, "token ids");
        StringAssert.Contains(error.Message, "ZeroShotEcg");
    }

    [TestMethod]
    public void AnEcgModelIsNotATextModel()
    {
        var error = Assert.ThrowsExactly<ModelFormatException>(() => new TextEncoder(TinyModels.EcgModel));
        StringAssert.Contains(error.Message, "dbeta-ecg.onnx");
        StringAssert.Contains(error.Message, "int64");
    }
}
