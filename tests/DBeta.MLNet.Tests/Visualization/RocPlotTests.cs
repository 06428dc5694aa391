using System.Buffers.Binary;
using DBeta.MLNet.Tests.Evaluation;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Visualization;

[TestClass]
public sealed class RocPlotTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void WritesASquarePngAtomically()
    {
        using var temp = new TempFolder();
        var metrics = MultiLabelEvaluator.EvaluateFiles(
            RepoPaths.Fixture("probes", "sklearn_lr_test_probabilities.csv"), RepoPaths.Fixture("probes", "test_labels.csv"));
        string path = temp.File("plots/roc.png");
        RocPlot.Save(metrics, path, sizePixels: 500);

        byte[] png = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        int width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.AreEqual(500 + 80 + 30, width);
        Assert.AreEqual(500 + 50 + 70, height);
        Assert.IsGreaterThan(10_000, png.Length, "a plot with six curves and text is not a blank image");
        CollectionAssert.AreEqual(new[] { "roc.png" }, Directory.GetFiles(temp.File("plots")).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public void SavingLeavesScottPlotsProcessWideDefaultFontAlone()
    {
        using var temp = new TempFolder();
        var metrics = MultiLabelEvaluator.EvaluateFiles(
            RepoPaths.Fixture("probes", "sklearn_lr_test_probabilities.csv"), RepoPaths.Fixture("probes", "test_labels.csv"));
        string before = ScottPlot.Fonts.Default;
        // An application's own choice, which a library plot must not overwrite.
        ScottPlot.Fonts.Default = "Application Font";
        try
        {
            RocPlot.Save(metrics, temp.File("roc.png"));
            Assert.AreEqual("Application Font", ScottPlot.Fonts.Default);
        }
        finally
        {
            ScottPlot.Fonts.Default = before;
        }
    }

    [TestMethod]
    public void LabelsWithoutBothClassesAreListedWithoutACurve()
    {
        using var temp = new TempFolder();
        var only = AurocCase.Named("only_positives");
        var some = AurocCase.Named("many_ties_one_decimal");
        var metrics = new MultiLabelMetrics([
            LabelMetrics.Compute("RBBB", some.Labels, some.Scores),
            LabelMetrics.Compute("SB", only.Labels.Concat(only.Labels).ToArray(), only.Scores.Concat(only.Scores).ToArray()),
        ]);
        string path = temp.File("roc.png");
        RocPlot.Save(metrics, path, "two labels");
        var png = PngPixels.Read(path);
        int curve = png.Count(0, 0, png.Width, png.Height, PngPixels.Saturated);
        Assert.IsGreaterThan(300, curve, $"the RBBB curve is drawn: {curve} coloured pixels (measured 660)");
        Assert.IsGreaterThan(1000, png.Count(0, 0, png.Width, png.Height, PngPixels.Dark), "axes, labels and the legend's text are drawn");
    }

    [TestMethod]
    public void AGoodScorersCurveRunsAboveTheDiagonalAndABadOnesBelow()
    {
        using var temp = new TempFolder();
        var labels = Enumerable.Range(0, 400).Select(i => i % 2 == 0).ToArray();
        var random = new Random(3);
        double[] good = [.. labels.Select(l => (l ? 1.0 : 0.0) + random.NextDouble() * 2)];
        double[] bad = [.. good.Select(s => -s)];
        const int size = 500;
        int TopLeftCurvePixels(double[] scores, string name)
        {
            string path = temp.File(name + ".png");
            RocPlot.Save(new MultiLabelMetrics([LabelMetrics.Compute("AF", labels, scores)]), path, sizePixels: size);
            var png = PngPixels.Read(path);
            Assert.AreEqual((size + 110, size + 120), (png.Width, png.Height));
            // The data area starts 80 px from the left and 50 from the top; its top-left quadrant is high sensitivity at
            // low false-positive rate, where a good curve runs and a bad one never goes (the legend is bottom right).
            return png.Count(80 + size / 20, 50 + size / 20, 80 + size * 9 / 20, 50 + size * 9 / 20, PngPixels.Saturated);
        }
        int above = TopLeftCurvePixels(good, "good"), below = TopLeftCurvePixels(bad, "bad");
        Assert.IsGreaterThan(300, above, $"{above} curve pixels in the top-left quadrant for AUROC {LabelMetrics.Compute("AF", labels, good).Auroc:F3}");
        Assert.IsLessThan(above / 10, below, $"{below} curve pixels there for AUROC {LabelMetrics.Compute("AF", labels, bad).Auroc:F3}");
    }
}
