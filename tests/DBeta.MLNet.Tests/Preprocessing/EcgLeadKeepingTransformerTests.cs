using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Preprocessing;

[TestClass]
public sealed class EcgLeadKeepingTransformerTests
{
    public sealed class Row
    {
        [VectorType(12 * 50)]
        public float[] Ecg { get; set; } = [];
    }

    public sealed class SixLeadRow
    {
        [VectorType(6 * 51)]
        public float[] Ecg { get; set; } = [];
    }

    public static IEnumerable<object[]> Sets =>
    [
        [EcgLeadSet.Twelve, new[] { "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6" }],
        [EcgLeadSet.Six, new[] { "I", "II", "III", "aVR", "aVL", "aVF" }],
        [EcgLeadSet.Four, new[] { "I", "II", "III", "V2" }],
        [EcgLeadSet.Three, new[] { "I", "II", "V2" }],
        [EcgLeadSet.Two, new[] { "I", "II" }],
    ];

    private static readonly string[] Standard = ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];

    /// <summary>Samples with awkward bit patterns (negative zero, subnormals, extremes) so a copy that is not exact would show.</summary>
    private static float[] Samples(int seed)
    {
        var random = new Random(seed);
        var x = new float[12 * 50];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 6 - 3);
        x[0] = -0f; x[51] = float.Epsilon; x[102] = float.MaxValue; x[153] = float.MinValue; x[599] = 1e-40f;
        return x;
    }

    [TestMethod]
    [DynamicData(nameof(Sets))]
    public void KeptLeadsAreUntouchedBitForBitAndTheOthersAreExactZeros(EcgLeadSet set, string[] kept)
    {
        var ml = new MLContext(seed: 1);
        var rows = new[] { new Row { Ecg = Samples(1) }, new Row { Ecg = Samples(2) } };
        var data = ml.Data.LoadFromEnumerable(rows);

        var output = ml.Transforms.KeepEcgLeads(set).Fit(data).Transform(data).GetColumn<float[]>("Ecg").ToList();

        Assert.HasCount(2, output);
        for (int r = 0; r < rows.Length; r++)
            for (int lead = 0; lead < 12; lead++)
                for (int t = 0; t < 50; t++)
                {
                    int i = lead * 50 + t;
                    int expected = kept.Contains(Standard[lead]) ? BitConverter.SingleToInt32Bits(rows[r].Ecg[i]) : 0;   // +0.0f is all zero bits
                    Assert.AreEqual(expected, BitConverter.SingleToInt32Bits(output[r][i]), $"{set}, row {r}, lead {Standard[lead]}, sample {t}");
                }
    }

    [TestMethod]
    public void ReducedLeadsFollowTheFilterInAChainAndKeepTheRate()
    {
        var ml = new MLContext(seed: 1);
        var definition = SchemaDefinition.Create(typeof(Row));
        definition["Ecg"].AddAnnotation(DBetaColumnNames.SampleRateAnnotation, 500.0, NumberDataViewType.Double);
        var data = ml.Data.LoadFromEnumerable([new Row { Ecg = Samples(3) }], definition);

        var model = ml.Transforms.KeepEcgLeads(EcgLeadSet.Three, "Reduced", "Ecg").Append(ml.Transforms.FilterEcg("Reduced")).Fit(data);
        var output = model.Transform(data);
        float[] reduced = output.GetColumn<float[]>("Reduced").Single();

        double rate = 0;
        output.Schema["Reduced"].Annotations.GetValue(DBetaColumnNames.SampleRateAnnotation, ref rate);
        Assert.AreEqual(500.0, rate);
        Assert.IsTrue(reduced.AsSpan(2 * 50, 4 * 50).ToArray().All(v => BitConverter.SingleToInt32Bits(v) == 0), "III-V1 stay exact zeros after filtering");
        Assert.IsTrue(reduced.AsSpan(8 * 50).ToArray().All(v => BitConverter.SingleToInt32Bits(v) == 0), "V3-V6 stay exact zeros after filtering");
        Assert.IsTrue(reduced.AsSpan(7 * 50, 50).ToArray().Any(v => v != 0), "V2 is kept");
    }

    [TestMethod]
    public void OnlyTwelveLeadColumnsAndKnownSetsAreAccepted()
    {
        var ml = new MLContext(seed: 1);
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() =>
            ml.Transforms.KeepEcgLeads(EcgLeadSet.Six).Fit(ml.Data.LoadFromEnumerable(Array.Empty<SixLeadRow>())));
        StringAssert.Contains(error.Message, "column 'Ecg': expected a known-size vector of Single with a multiple of 12 values, got Vector<Single, 306>");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Transforms.KeepEcgLeads((EcgLeadSet)5));
    }
}
