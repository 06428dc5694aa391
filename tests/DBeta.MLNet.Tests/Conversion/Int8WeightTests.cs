using DBeta.MLNet.Tests.Performance;

namespace DBeta.MLNet.Tests.Conversion;

[TestClass]
public sealed class Int8WeightTests
{
    [TestMethod]
    public void MatchesNumPyPerColumnSymmetricQuantisation()
    {
        var rows = PerfFixtures.Matrix("weight");
        int r = rows.Length, c = rows[0].Length;
        var q = Int8Weight.PerColumn(rows.SelectMany(x => x).ToArray(), r, c);

        CollectionAssert.AreEqual(PerfFixtures.Vector("weight_scale"), q.Scales, "scale = max |w| / 127 per column, 1 for an all-zero column");
        var expected = PerfFixtures.Matrix("weight_int8").SelectMany(x => x).Select(v => (sbyte)v).ToArray();
        CollectionAssert.AreEqual(expected, q.Values, "round half to even, clamped to [-127, 127]");
    }

    [TestMethod]
    public void EachValueIsWithinHalfAStepAndEveryNonZeroColumnReachesFullScale()
    {
        var random = new Random(4);
        var w = Enumerable.Range(0, 40 * 9).Select(_ => (float)(random.NextDouble() * 2 - 1) * 3f).ToArray();
        var q = Int8Weight.PerColumn(w, 40, 9);
        for (int col = 0; col < 9; col++)
        {
            int maxLevel = 0;
            for (int row = 0; row < 40; row++)
            {
                float value = w[row * 9 + col], level = q.Values[row * 9 + col];
                Assert.IsLessThanOrEqualTo(q.Scales[col] * 0.5f * (1 + 1e-6f), MathF.Abs(value - level * q.Scales[col]), $"row {row} column {col}");
                maxLevel = Math.Max(maxLevel, Math.Abs((int)level));
            }
            Assert.AreEqual(Int8Weight.MaxLevel, maxLevel, $"column {col} uses the full int8 range");
        }
    }

    [TestMethod]
    public void PerRowQuantisesTheTransposeLikePerColumnAndShiftsToUInt8()
    {
        var rows = PerfFixtures.Matrix("weight");
        int r = rows.Length, c = rows[0].Length;
        var transposed = new float[r * c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) transposed[j * r + i] = rows[i][j];
        var q = Int8Weight.PerRow(transposed, c, r);

        CollectionAssert.AreEqual(PerfFixtures.Vector("weight_scale"), q.Scales, "one scale per output channel (row)");
        var expected = PerfFixtures.Matrix("weight_int8");
        var shifted = q.ShiftedToUInt8();
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
            {
                Assert.AreEqual((sbyte)expected[i][j], q.Values[j * r + i]);
                Assert.AreEqual(expected[i][j] + 128, shifted[j * r + i], "uint8 with zero point 128");
            }
    }

    [TestMethod]
    public void RejectsNonFiniteWeightsAndWrongShapes()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Int8Weight.PerColumn([1f, float.NaN, 2f, 3f], 2, 2));
        Assert.ThrowsExactly<ArgumentException>(() => Int8Weight.PerColumn([1f, 2f, 3f], 2, 2));
    }
}
