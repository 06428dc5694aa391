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
        RocPlot.Write(metrics, path, sizePixels: 500);

        byte[] png = File.ReadAllBytes(path);
        CollectionAssert.AreEqual(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        int width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20));
        Assert.AreEqual(500 + 80 + 30, width);
        Assert.AreEqual(500 + 50 + 70, height);
        Assert.IsGreaterThan(10_000, png.Length, "a plot with six curves and text is not a blank image");
        CollectionAssert.AreEqual(new[] { "roc.png" }, Directory.GetFiles(temp.File("plots")).Select(Path.GetFileName).ToArray());
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
        RocPlot.Write(metrics, path, "two labels");
        Assert.IsTrue(File.Exists(path));
    }
}
