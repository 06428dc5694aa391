namespace DBeta.MLNet.Tests.Preprocessing.Filtering;

[TestClass]
public sealed class ButterworthHighPassTests
{
    [TestMethod]
    [DynamicData(nameof(FilterFixtures.SosCases), typeof(FilterFixtures))]
    public void SectionsMatchScipyButter(int order, int rate)
    {
        var expected = FilterFixtures.Load($"sos_order{order}_{rate}");
        var sections = ButterworthHighPass.Design(order, 0.5, rate);

        CollectionAssert.AreEqual(expected.Shape, new[] { sections.Count, 6 });
        double error = FftResamplerTests.RelativeError(expected.Values, sections.Coefficients.ToArray());
        Console.WriteLine($"order {order} at {rate} Hz: relative error {error:E2}");
        // Measured: at most 4.4e-16 (two units in the last place) over orders 1-8 and seven rates; ten times that.
        Assert.IsLessThanOrEqualTo(5e-15, error, $"order {order} at {rate} Hz: {error:E2}");
    }

    [TestMethod]
    public void PaddingFollowsScipysDefault()
    {
        // 5th order: 3 sections, one of them first-order (b2 = a2 = 0), so 3 * (2 * 3 + 1 - 1) = 18.
        Assert.AreEqual(18, ButterworthHighPass.Design(5, 0.5, 500).PadLength);
        Assert.AreEqual(3 * (2 * 2 + 1), ButterworthHighPass.Design(4, 0.5, 500).PadLength);
        Assert.AreEqual(3 * (2 * 1 + 1 - 1), ButterworthHighPass.Design(1, 0.5, 500).PadLength);
    }

    [TestMethod]
    public void CutoffsOutsideTheBandAreRejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ButterworthHighPass.Design(5, 0, 500));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ButterworthHighPass.Design(5, 250, 500));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ButterworthHighPass.Design(5, 0.5, double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ButterworthHighPass.Design(0, 0.5, 500));
    }
}
