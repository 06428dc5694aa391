
namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class EcgLengthFitterTests
{
    private static readonly float[] Signal = [1, 2, 3, 4, 5, 6, 7];

    [TestMethod]
    public void CropKeepsTheStartOrTheMiddle()
    {
        var output = new float[4];
        EcgLengthFitter.Fit(Signal, output, EcgLengthAnchor.Start);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4 }, output);
        EcgLengthFitter.Fit(Signal, output, EcgLengthAnchor.Center);
        CollectionAssert.AreEqual(new float[] { 2, 3, 4, 5 }, output);   // (7 - 4) / 2 = 1 sample dropped before
    }

    [TestMethod]
    public void PadAddsZerosAtTheEndOrEvenlyAround()
    {
        var output = Enumerable.Repeat(float.NaN, 10).ToArray();
        EcgLengthFitter.Fit(Signal, output, EcgLengthAnchor.Start);
        CollectionAssert.AreEqual(new float[] { 1, 2, 3, 4, 5, 6, 7, 0, 0, 0 }, output);
        output.AsSpan().Fill(float.NaN);
        EcgLengthFitter.Fit(Signal, output, EcgLengthAnchor.Center);
        CollectionAssert.AreEqual(new float[] { 0, 1, 2, 3, 4, 5, 6, 7, 0, 0 }, output);   // 3 zeros: 1 before, 2 after
    }

    [TestMethod]
    public void EqualLengthCopiesBitForBit()
    {
        float[] odd = [float.Epsilon, -0.0f, 1e-30f];
        var output = new float[3];
        EcgLengthFitter.Fit(odd, output, EcgLengthAnchor.Center);
        CollectionAssert.AreEqual(odd.Select(BitConverter.SingleToInt32Bits).ToArray(), output.Select(BitConverter.SingleToInt32Bits).ToArray());
    }

    [TestMethod]
    public void FitLeadsWorksLeadByLead()
    {
        float[] twoLeads = [1, 2, 3, 10, 20, 30];
        var output = new float[4];
        EcgLengthFitter.FitLeads(twoLeads, output, leadCount: 2);
        CollectionAssert.AreEqual(new float[] { 1, 2, 10, 20 }, output);
        Assert.ThrowsExactly<ArgumentException>(() => EcgLengthFitter.FitLeads(twoLeads, new float[5], 2));
        Assert.ThrowsExactly<ArgumentException>(() => EcgLengthFitter.FitLeads(new float[5], output, 2));
    }
}
