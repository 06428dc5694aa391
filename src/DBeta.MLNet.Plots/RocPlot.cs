using System.Globalization;
using ScottPlot;

namespace DBeta.MLNet;

/// <summary>
/// Draws the ROC curve of every label of a <see cref="MultiLabelMetrics"/> on one square plot: false positive rate
/// against true positive rate on 0-1 axes, the chance diagonal, and each label's AUROC in the legend.
/// </summary>
public static class RocPlot
{
    // Margins around the data area, in pixels; fixed so the data area is exactly square.
    private const int Left = 80, Right = 30, Top = 50, Bottom = 70;

    /// <summary>
    /// Writes the plot as a PNG at <paramref name="pngPath"/> (atomically: the file appears complete or not at all).
    /// <paramref name="sizePixels"/> is the side of the square data area. Labels whose AUROC is undefined are listed
    /// in the legend with the reason and no curve.
    /// </summary>
    public static void Save(MultiLabelMetrics metrics, string pngPath, string? title = null, int sizePixels = 640)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(pngPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizePixels, 200);
        using var plot = Create(metrics, title);
        AtomicFile.WriteVia(pngPath, temp => plot.SavePng(temp, sizePixels + Left + Right, sizePixels + Top + Bottom));
    }

    private static Plot Create(MultiLabelMetrics metrics, string? title)
    {
        var plot = new Plot();
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineColor = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LineWidth = 1;
        diagonal.LegendText = "chance";

        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var label in metrics.PerLabel)
        {
            var color = palette.GetColor(i++);
            if (label.Roc is not { } roc)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{label.Label} (AUROC n/a: {label.AurocUndefinedReason})" });
                continue;
            }
            var curve = plot.Add.ScatterLine(roc.FalsePositiveRates.ToArray(), roc.TruePositiveRates.ToArray());
            curve.Color = color;
            curve.LineWidth = 2;
            curve.MarkerSize = 0;
            curve.LegendText = $"{label.Label} (AUROC {Format(label.Auroc)})";
        }

        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.Axes.Rules.Add(new ScottPlot.AxisRules.MaximumBoundary(plot.Axes.Bottom, plot.Axes.Left, new AxisLimits(0, 1, 0, 1)));
        plot.Layout.Fixed(new PixelPadding(Left, Right, Bottom, Top));
        var ticks = new ScottPlot.TickGenerators.NumericFixedInterval(0.1) { LabelFormatter = v => v.ToString("0.0", CultureInfo.InvariantCulture) };
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Left.TickGenerator = ticks;
        plot.XLabel("False positive rate (1 - specificity)");
        plot.YLabel("True positive rate (sensitivity)");
        string macro = double.IsNaN(metrics.MacroAuroc) ? "n/a" : Format(metrics.MacroAuroc);
        if (metrics.MacroAurocLabelCount < metrics.PerLabel.Count) macro += $" over {metrics.MacroAurocLabelCount} of {metrics.PerLabel.Count} labels";
        plot.Title(title ?? $"ROC per label (macro AUROC {macro})");
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        PlotFonts.Apply(plot);
        return plot;
    }

    private static string Format(double auroc) => auroc.ToString("0.000", CultureInfo.InvariantCulture);
}
