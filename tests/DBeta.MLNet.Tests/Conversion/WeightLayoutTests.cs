
namespace DBeta.MLNet.Tests.Conversion;

[TestClass]
public sealed class WeightLayoutTests
{
    [TestMethod]
    public void TransposesLinearWeightsForMatMul()
    {
        // [out=2, in=3] -> [in=3, out=2]
        CollectionAssert.AreEqual(new float[] { 1, 4, 2, 5, 3, 6 }, WeightLayout.Transposed([1, 2, 3, 4, 5, 6], 2, 3));
        var big = Enumerable.Range(0, 70 * 45).Select(i => (float)i).ToArray();
        var t = WeightLayout.Transposed(big, 70, 45);
        for (int o = 0; o < 70; o++)
            for (int i = 0; i < 45; i++)
                Assert.AreEqual(big[o * 45 + i], t[i * 70 + o]);
    }

    [TestMethod]
    public void PacksProjectionsSideBySide()
    {
        // q: [2, 2], k: [1, 2] over in = 2 -> [in=2, 3] with columns q0 q1 k0
        var packed = WeightLayout.PackedTransposed(2, ([1, 2, 3, 4], 2), ([5, 6], 1));
        CollectionAssert.AreEqual(new float[] { 1, 3, 5, 2, 4, 6 }, packed);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3 }, WeightLayout.Concat([1], [2, 3]));
    }
}
