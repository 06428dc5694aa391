using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Evaluation;

/// <summary>
/// AUROC bootstrap intervals against <c>make_bootstrap_fixtures.py</c> (scikit-learn's <c>roc_auc_score</c> and numpy's
/// percentile on resamples drawn by the same SplitMix64 generator).
/// </summary>
[TestClass]
public sealed class AurocBootstrapTests
{
    private sealed record Reference(int Resamples, ulong Seed, double Level, int[][] Labels, double[][] Scores, int[] First_Indices,
        double?[] Auroc, double[]?[] Intervals, double[]? Macro);

    private static readonly Reference Fixture = JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(RepoPaths.Fixture("evaluation", "bootstrap.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private static MultiLabelMetrics Evaluate(AurocBootstrapOptions? bootstrap) =>
        MultiLabelEvaluator.Evaluate(["ordinary", "tied", "rare", "none"], [.. Fixture.Labels.Select(l => l.Select(v => v == 1).ToArray())],
            Fixture.Scores, 0.5, bootstrap);

    [TestMethod]
    public void TheDrawsAreThoseOfTheDocumentedGenerator()
    {
        var generator = new SeededUniform(Fixture.Seed);
        int n = Fixture.Labels[0].Length;
        CollectionAssert.AreEqual(Fixture.First_Indices, Enumerable.Range(0, Fixture.First_Indices.Length).Select(_ => AurocBootstrap.Draw(ref generator, n)).ToArray());
    }

    [TestMethod]
    public void IntervalsEqualScikitLearnAndNumpyOnTheSameResamples()
    {
        var metrics = Evaluate(new AurocBootstrapOptions { Resamples = Fixture.Resamples, Seed = Fixture.Seed, Level = Fixture.Level });
        double worst = 0;
        for (int j = 0; j < 4; j++)
        {
            var label = metrics.PerLabel[j];
            if (Fixture.Intervals[j] is not { } expected)
            {
                Assert.IsNull(label.AurocInterval, $"{label.Label}: AUROC is undefined, so is its interval");
                continue;
            }
            Assert.AreEqual(Fixture.Auroc[j]!.Value, label.Auroc, 1e-12, label.Label);
            var interval = label.AurocInterval!;
            Assert.AreEqual((int)expected[2], interval.ValidResamples, $"{label.Label}: resamples with both classes");
            worst = Math.Max(worst, Math.Max(Math.Abs(expected[0] - interval.Lower), Math.Abs(expected[1] - interval.Upper)));
            Assert.AreEqual(expected[0], interval.Lower, 1e-12, $"{label.Label} lower");
            Assert.AreEqual(expected[1], interval.Upper, 1e-12, $"{label.Label} upper");
        }
        var macro = metrics.MacroAurocInterval!;
        Assert.AreEqual((int)Fixture.Macro![2], macro.ValidResamples, "macro: resamples where every defined label has both classes");
        Assert.AreEqual(Fixture.Macro[0], macro.Lower, 1e-12, "macro lower");
        Assert.AreEqual(Fixture.Macro[1], macro.Upper, 1e-12, "macro upper");
        Console.WriteLine($"largest difference to numpy: {worst:E2}; rare label valid in {metrics.PerLabel[2].AurocInterval!.ValidResamples} of {Fixture.Resamples}");
    }

    [TestMethod]
    public void TheTableShowsTheIntervalsAndOnlyWhenAskedFor()
    {
        string with = Evaluate(new AurocBootstrapOptions { Resamples = Fixture.Resamples, Seed = Fixture.Seed }).ToTable();
        StringAssert.Contains(with, "95% CI");
        StringAssert.Contains(with, Evaluate(new AurocBootstrapOptions { Resamples = Fixture.Resamples, Seed = Fixture.Seed }).PerLabel[0].AurocInterval!.ToString());
        string without = Evaluate(null).ToTable();
        Assert.DoesNotContain("CI", without);
        Assert.IsNull(Evaluate(null).MacroAurocInterval);
    }

    [TestMethod]
    public void BadOptionsAreNamed()
    {
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Evaluate(new AurocBootstrapOptions { Resamples = 1 }));
        Assert.AreEqual("Resamples", e.ParamName);
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Evaluate(new AurocBootstrapOptions { Level = 1 }));
        Assert.AreEqual("Level", e.ParamName);
    }
}
