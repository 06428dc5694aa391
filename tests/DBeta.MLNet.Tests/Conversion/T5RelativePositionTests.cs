
namespace DBeta.MLNet.Tests.Conversion;

[TestClass]
public sealed class T5RelativePositionTests
{
    [TestMethod]
    public void BucketsEqualPyTorchForEveryDistanceUpTo300()
    {
        var (from, expected) = DBetaReference.T5Buckets();
        for (int i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], T5RelativePosition.Bucket(from + i, 32, 128), $"relative position {from + i}");
    }

    [TestMethod]
    public void TableClippedAtMaxDistanceIsExactForAnyDistance()
    {
        var table = T5RelativePosition.Table(32, 128);
        Assert.HasCount(257, table);
        for (int r = -2000; r <= 2000; r++)
            Assert.AreEqual(T5RelativePosition.Bucket(r, 32, 128), table[Math.Clamp(r, -128, 128) + 128], $"relative position {r}");
    }
}
