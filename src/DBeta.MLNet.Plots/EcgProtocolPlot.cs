using System.Globalization;
using ScottPlot;

namespace DBeta.MLNet;

/// <summary>
/// The per-label AUROC of an <see cref="EcgProtocolResult"/> as a PNG: one column per label, a point per method and
/// label fraction (its first seed) with its bootstrap interval as a vertical bar, and chance (0.5) as a dashed line.
/// </summary>
public static class EcgProtocolPlot
{
    private const int Left = 80, Right = 300, Top = 50, Bottom = 90, PerLabel = 70, Height = 420;

    /// <summary>Writes the plot to <paramref name="pngPath"/> (atomically: the file appears complete or not at all).</summary>
    public static void Save(EcgProtocolResult result, string pngPath, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(pngPath);
        int width = Math.Max(640, result.Labels.Count * PerLabel);
        using var plot = Create(result, title);
        AtomicFile.WriteVia(pngPath, temp => plot.SavePng(temp, width + Left + Right, Height + Top + Bottom));
    }

    private static Plot Create(EcgProtocolResult result, string? title)
    {
        var plot = new Plot();
        int labels = result.Labels.Count, rows = result.Rows.Count;
        var chance = plot.Add.HorizontalLine(0.5);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dashed;
        chance.LineWidth = 1;

        var palette = new ScottPlot.Palettes.Category10();
        double band = 0.7; // share of a label's column the rows spread over
        for (int i = 0; i < rows; i++)
        {
            var row = result.Rows[i];
            if (row.Metrics is null) continue; // not trained: listed under the table, nothing to draw
            var color = palette.GetColor(i);
            double offset = rows == 1 ? 0 : -band / 2 + band * i / (rows - 1);
            var xs = new List<double>();
            var ys = new List<double>();
            for (int j = 0; j < labels; j++)
            {
                var metrics = row.Metrics.PerLabel.FirstOrDefault(m => m.Label == result.Labels[j]);
                if (metrics is null || double.IsNaN(metrics.Auroc)) continue;
                double x = j + offset;
                xs.Add(x);
                ys.Add(metrics.Auroc);
                if (metrics.AurocInterval is { } ci && !double.IsNaN(ci.Lower))
                {
                    var bar = plot.Add.Line(x, ci.Lower, x, ci.Upper);
                    bar.LineColor = color;
                    bar.LineWidth = 1.5f;
                }
            }
            var points = plot.Add.Markers(xs.ToArray(), ys.ToArray());
            points.Color = color;
            points.MarkerSize = 7;
            string fraction = row.LabelFraction is { } f ? " " + (100 * f).ToString("0.##", CultureInfo.InvariantCulture) + " %" : "";
            string macro = double.IsNaN(row.MacroAuroc) ? "n/a" : row.MacroAuroc.ToString("0.000", CultureInfo.InvariantCulture);
            points.LegendText = $"{row.Method}{fraction} (macro {macro})";
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int j = 0; j < labels; j++) ticks.AddMajor(j, result.Labels[j]);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.SetLimits(-0.6, labels - 0.4, 0, 1.02);
        plot.Layout.Fixed(new PixelPadding(Left, Right, Bottom, Top));
        plot.YLabel("AUROC (test split)");
        var (_, _, test) = result.SplitCounts;
        plot.Title(title ?? string.Create(CultureInfo.InvariantCulture,
            $"AUROC per label, {test} test ECGs, {100 * result.Options.Bootstrap.Level:0.#} % bootstrap intervals"));
        // Beside the data, in the right margin: inside it would cover the points of a dozen rows.
        plot.ShowLegend(Edge.Right);
        PlotFonts.Apply(plot);
        return plot;
    }
}
