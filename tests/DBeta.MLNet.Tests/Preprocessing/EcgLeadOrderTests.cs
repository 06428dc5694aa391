
namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class EcgLeadOrderTests
{
    [TestMethod]
    public void NamesFromAPtbHeaderMapToTheStandardOrderAndDropFrankLeads()
    {
        // PTB's s0010_re order, lower case, with Frank leads last; shuffled so the order really changes.
        string[] names = ["v1", "v2", "v3", "v4", "v5", "v6", "i", "ii", "iii", "avr", "avl", "avf", "vx", "vy", "vz"];
        var order = EcgLeadOrder.FromNames(names);

        Assert.AreEqual(15, order.SourceLeadCount);
        Assert.AreEqual(12, order.LeadCount);
        CollectionAssert.AreEqual(new[] { 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5 }, order.SourceIndices.ToArray());

        const int t = 3;
        var input = new float[15 * t];
        for (int lead = 0; lead < 15; lead++)
            for (int s = 0; s < t; s++) input[lead * t + s] = 100 * lead + s;
        var output = new float[12 * t];
        order.Apply(input, output);
        for (int lead = 0; lead < 12; lead++)
        {
            int source = Array.FindIndex(names, n => EcgLeads.IndexOf(n) == lead);
            CollectionAssert.AreEqual(input.AsSpan(source * t, t).ToArray(), output.AsSpan(lead * t, t).ToArray(), EcgLeads.Standard[lead]);
        }
    }

    [TestMethod]
    public void MissingOrRepeatedLeadsAreNamed()
    {
        var missing = Assert.ThrowsExactly<ArgumentException>(() => EcgLeadOrder.FromNames(["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V5", "MLII"]));
        StringAssert.Contains(missing.Message, "leads V4, V6 not found");
        var repeated = Assert.ThrowsExactly<ArgumentException>(() => EcgLeadOrder.FromNames(["I", "lead I", "II"]));
        StringAssert.Contains(repeated.Message, "'I' and 'lead I' are both lead I");
    }

    [TestMethod]
    public void ExplicitIndicesCanSelectAndAreChecked()
    {
        var order = new EcgLeadOrder([2, 0], sourceLeadCount: 3);
        var output = new float[4];
        order.Apply([1, 2, 3, 4, 5, 6], output);
        CollectionAssert.AreEqual(new float[] { 5, 6, 1, 2 }, output);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new EcgLeadOrder([3], 3));
        Assert.ThrowsExactly<ArgumentException>(() => order.Apply([1, 2, 3, 4, 5, 6], new float[6]));
    }
}
