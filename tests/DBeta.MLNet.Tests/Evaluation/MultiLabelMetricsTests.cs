
namespace DBeta.MLNet.Tests.Evaluation;

[TestClass]
public sealed class MultiLabelMetricsTests
{
    [TestMethod]
    public void MacroAurocAveragesOnlyDefinedLabelsAndTheTableSaysWhy()
    {
        var a = AurocCase.Named("many_ties_one_decimal");
        var b = AurocCase.Named("inverted");
        var only = AurocCase.Named("only_positives");
        var metrics = new MultiLabelMetrics([
            LabelMetrics.Compute("RBBB", a.Labels, a.Scores),
            LabelMetrics.Compute("AF", b.Labels, b.Scores),
            LabelMetrics.Compute("ST", only.Labels, only.Scores),
        ]);
        Assert.AreEqual((a.Auroc!.Value + b.Auroc!.Value) / 2, metrics.MacroAuroc, 1e-12);
        Assert.AreEqual(2, metrics.MacroAurocLabelCount);
        Assert.AreEqual((a.F1 + b.F1 + only.F1) / 3, metrics.MacroF1, 1e-15);

        string table = metrics.ToTable();
        StringAssert.Contains(table, "n/a (only positives)");
        StringAssert.Contains(table, "(2 of 3 labels)");
        StringAssert.Contains(table, a.Auroc!.Value.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
        StringAssert.Contains(table, "F1@0.5");
        Assert.AreEqual(table, metrics.ToString());
        string[] lines = table.TrimEnd().Split('\n');
        Assert.HasCount(6, lines, table); // header, 3 labels, rule, macro
        StringAssert.StartsWith(lines[1], "RBBB");
        StringAssert.StartsWith(lines[^1], "macro");
        Assert.AreSame(metrics.PerLabel[1], metrics["AF"]);
        Assert.ThrowsExactly<KeyNotFoundException>(() => metrics["LBBB"]);
    }

    [TestMethod]
    public void NoDefinedLabelGivesNaNMacroThatTheTableExplains()
    {
        var only = AurocCase.Named("only_negatives");
        var metrics = new MultiLabelMetrics([LabelMetrics.Compute("SB", only.Labels, only.Scores)]);
        Assert.IsTrue(double.IsNaN(metrics.MacroAuroc));
        StringAssert.Contains(metrics.ToTable(), "n/a (no label has both classes)");
    }

    [TestMethod]
    public void LabelsWithTheirOwnThresholdsShowEachInTheTable()
    {
        var a = AurocCase.Named("perfect");
        var metrics = new MultiLabelMetrics([LabelMetrics.Compute("A", a.Labels, a.Scores, 0.5), LabelMetrics.Compute("B", a.Labels, a.Scores, 0.3)]);
        Assert.IsTrue(double.IsNaN(metrics.Threshold));
        string[] lines = metrics.ToTable().Split('\n');
        StringAssert.EndsWith(lines[0].TrimEnd(), "Threshold");
        StringAssert.Contains(lines[0], "F1 ");
        StringAssert.EndsWith(lines[1].TrimEnd(), "0.5");
        StringAssert.EndsWith(lines[2].TrimEnd(), "0.3");
        Assert.DoesNotContain("Threshold", new MultiLabelMetrics([LabelMetrics.Compute("A", a.Labels, a.Scores, 0.5)]).ToTable());
        Assert.ThrowsExactly<ArgumentException>(() => new MultiLabelMetrics([]));
    }
}
