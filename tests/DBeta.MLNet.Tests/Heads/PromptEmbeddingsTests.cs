using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Heads;

[TestClass]
public sealed class PromptEmbeddingsTests
{
    private static string Tokenizer => RepoPaths.Fixture("tokenizer", "clinical-unigram.model");

    [TestMethod]
    public void EachPromptIsEmbeddedAloneLowercasedWithItsTokenCount()
    {
        var prompts = new PromptSet([new("AF", "Atrial fibrillation, irregularly irregular"), new("ST", "Sinus tachycardia"), new("RBBB", "RBBB")]);
        var embeddings = PromptEmbeddings.Compute(prompts, TinyModels.TextModel, Tokenizer);

        var tokenizer = DBetaTextTokenizer.Load(Tokenizer);
        using var encoder = new TextEncoder(TinyModels.TextModel);
        Assert.AreEqual(3, embeddings.Count);
        Assert.AreEqual(32, embeddings.Dimension);
        CollectionAssert.AreEqual(prompts.Labels.ToArray(), embeddings.Labels.ToArray());
        for (int i = 0; i < prompts.Count; i++)
        {
            float[] alone = encoder.Embed(tokenizer, [prompts.Descriptions[i].ToLowerInvariant()])[0];
            CollectionAssert.AreEqual(alone, embeddings[i].ToArray(), prompts.Labels[i]);
            Assert.AreEqual(tokenizer.Encode(prompts.Descriptions[i]).Length, embeddings.TokenCounts[i]);
        }
        CollectionAssert.AreEqual(embeddings[1].ToArray(), embeddings.ToArray()[32..64], "ToArray is [K, D] row-major");

        // A prompt's vector does not depend on the other prompts in the set (no padding to the longest).
        var single = PromptEmbeddings.Compute(new PromptSet([new("ST", "Sinus tachycardia")]), TinyModels.TextModel, Tokenizer);
        CollectionAssert.AreEqual(embeddings[1].ToArray(), single[0].ToArray());
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => embeddings[3].ToArray());
    }
}
