using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Heads;

[TestClass]
public sealed class LabelFractionSamplerTests
{
    private static readonly Lazy<bool[][]> Labels = new(() =>
    {
        var train = EmbeddingDataset.Load(RepoPaths.Fixture("probes", "train_embeddings.npy"), RepoPaths.Fixture("probes", "train_labels.csv"));
        return train.LabelNames.Select(train.Labels).ToArray();
    });

    [TestMethod]
    [DataRow(0.01)]
    [DataRow(0.1)]
    [DataRow(0.5)]
    public void SameSeedSameRowsOtherSeedOtherRows(double fraction)
    {
        var a = LabelFractionSampler.SelectRows(Labels.Value, fraction, seed: 3);
        var b = LabelFractionSampler.SelectRows(Labels.Value, fraction, seed: 3);
        var c = LabelFractionSampler.SelectRows(Labels.Value, fraction, seed: 4);
        CollectionAssert.AreEqual(a, b);
        CollectionAssert.AreNotEqual(a, c);
        CollectionAssert.AreEqual(a.Order().ToArray(), a, "rows come back ascending");
        Assert.AreEqual(a.Length, a.Distinct().Count());
    }

    [TestMethod]
    [DataRow(0.01)]
    [DataRow(0.1)]
    [DataRow(0.5)]
    public void EveryLabelKeepsPositivesAndNegativesAndItsPrevalence(double fraction)
    {
        var labels = Labels.Value;
        int n = labels[0].Length;
        var rows = LabelFractionSampler.SelectRows(labels, fraction, seed: 11);
        int target = (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero);
        Assert.IsGreaterThanOrEqualTo(target, rows.Length);
        Assert.IsLessThanOrEqualTo(target + 2 * labels.Length, rows.Length, "at most two extra rows per label");
        foreach (bool[] column in labels)
        {
            int positives = rows.Count(r => column[r]);
            Assert.IsGreaterThanOrEqualTo(1, positives);
            Assert.IsGreaterThanOrEqualTo(1, rows.Length - positives);
            if (fraction >= 0.1)
            {
                // Stratified on the label combination: each label's count stays near fraction x its positives.
                double expected = fraction * column.Count(v => v);
                Assert.IsLessThanOrEqualTo(3.0, Math.Abs(positives - expected), $"{positives} positives, expected about {expected}");
            }
        }
    }

    [TestMethod]
    public void TheRuleOnASmallCaseByHand()
    {
        // 20 rows; label A positive on rows 0-3 (4 rows), label B positive on row 19 only.
        var a = Enumerable.Range(0, 20).Select(i => i < 4).ToArray();
        var b = Enumerable.Range(0, 20).Select(i => i == 19).ToArray();
        var rows = LabelFractionSampler.SelectRows([a, b], 0.25, seed: 1);
        // Target 5: strata {A} 4 rows -> 1, {none} 15 rows -> 3.75 -> 3 (+1 by largest remainder), {B} 1 row -> 0.25 -> 0;
        // then B's missing positive is added: 6 rows, 1 of them A-positive, row 19 included.
        Assert.HasCount(6, rows);
        Assert.AreEqual(1, rows.Count(r => a[r]));
        Assert.Contains(19, rows);
        CollectionAssert.AreEqual(Enumerable.Range(0, 20).ToArray(), LabelFractionSampler.SelectRows([a, b], 1.0, seed: 1));
    }

    [TestMethod]
    public void FractionOutsideZeroToOneIsAnError()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LabelFractionSampler.SelectRows(Labels.Value, 0, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LabelFractionSampler.SelectRows(Labels.Value, 1.01, 1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => LabelFractionSampler.SelectRows(Labels.Value, double.NaN, 1));
        Assert.ThrowsExactly<ArgumentException>(() => LabelFractionSampler.SelectRows([new bool[3], new bool[4]], 0.5, 1));
    }

    [TestMethod]
    public void DataViewOverloadReadsTheLabelColumns()
    {
        var train = EmbeddingDataset.Load(RepoPaths.Fixture("probes", "train_embeddings.npy"), RepoPaths.Fixture("probes", "train_labels.csv"));
        CollectionAssert.AreEqual(
            LabelFractionSampler.SelectRows(Labels.Value, 0.1, 5),
            LabelFractionSampler.SelectRows(train, CodeLabels.Names, 0.1, 5));
    }
}
