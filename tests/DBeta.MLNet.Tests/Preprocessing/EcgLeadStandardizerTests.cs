using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class EcgLeadStandardizerTests
{
    [TestMethod]
    public void MatchesNumpyZScoreAndLeavesAFlatLeadAtZero()
    {
        float[] input = NpyFixture.Load("preprocessing", "standardize_12x500_input").AsSingles();
        double[] expected = NpyFixture.Load("preprocessing", "standardize_12x500_output").Values;
        var output = new float[input.Length];

        EcgLeadStandardizer.Standardize(input, output, leadCount: 12);

        Assert.IsLessThanOrEqualTo(1e-6, FftResamplerTests.RelativeError(expected, output.Select(v => (double)v).ToArray()));
        Assert.IsTrue(output.AsSpan(5 * 500, 500).ToArray().All(v => v == 0), "the flat lead must stay zero, not NaN");
    }

    [TestMethod]
    public void WorksInPlace()
    {
        float[] data = NpyFixture.Load("preprocessing", "standardize_12x500_input").AsSingles();
        var copy = new float[data.Length];
        EcgLeadStandardizer.Standardize(data, copy, 12);
        EcgLeadStandardizer.Standardize(data, data, 12);
        CollectionAssert.AreEqual(copy, data);
    }
}
