
namespace DBeta.MLNet.Tests.Conversion;

[TestClass]
public sealed class ConvLayerExpressionTests
{
    [TestMethod]
    public void ParsesRepeatsAndConcatenations()
    {
        Assert.HasCount(4, ConvLayerExpression.Parse("[(256, 2, 2)] * 4", "c.json"));
        var wav2vec = ConvLayerExpression.Parse("[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] * 2", "c.json");
        CollectionAssert.AreEqual(new[] { 10, 3, 3, 3, 3, 2, 2 }, wav2vec.Select(l => l.Kernel).ToArray());
        CollectionAssert.AreEqual(new[] { new ConvLayerSpec(8, 3, 1), new ConvLayerSpec(8, 3, 1) }, ConvLayerExpression.Parse(" 2 * [ (8,3,1), ] ", "c.json").ToArray());
        Assert.HasCount(2, ConvLayerExpression.Parse("[(8, 2, 2), (16, 2, 2)]", "c.json"));
    }

    [TestMethod]
    [DataRow("[(256, 2)] * 4", "expected ','")]
    [DataRow("[(256, 2, 2)] * 100", "out of range")]
    [DataRow("[(0, 2, 2)]", "must be positive")]
    [DataRow("[]", "no layers")]
    [DataRow("[(256, 2, 2)] - 1", "unexpected text")]
    [DataRow("eval('1')", "expected '['")]
    [DataRow("[(99999999999, 2, 2)]", "integer too large")]
    [DataRow("[(256, 2, 2)] * 1073741825 * 4", "out of range")] // 1073741825 * 4 wraps to 4 in 32 bits (found by DBetaConfigFuzzTests' corpus)
    [DataRow("2147483647 * [(1, 1, 1)] * 2", "out of range")]
    public void RejectsAnythingElseNamingTheFile(string text, string problem)
    {
        var e = Assert.ThrowsExactly<ModelFormatException>(() => ConvLayerExpression.Parse(text, "model/config.json"));
        Assert.AreEqual("model/config.json", e.FilePath);
        StringAssert.Contains(e.Message, problem);
    }
}
