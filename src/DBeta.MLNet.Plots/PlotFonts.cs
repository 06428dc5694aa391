using ScottPlot;

namespace DBeta.MLNet;

/// <summary>
/// The sans-serif face the plots write in, set on each plot's own text. ScottPlot 5.1's <c>Fonts.Sans</c> resolves to a
/// serif face on some Linux installs, and its <c>plot.Font.Set</c> also changes <c>Fonts.Default</c> for the whole
/// process (every later ScottPlot plot of the application), so neither is used.
/// </summary>
internal static class PlotFonts
{
    private static readonly Lazy<string> SansValue = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "Segoe UI" }
            .FirstOrDefault(f => string.Equals(Fonts.GetTypeface(f, bold: false, italic: false)?.FamilyName, f, StringComparison.OrdinalIgnoreCase))
            ?? Fonts.Sans);

    /// <summary>The first installed of the usual sans-serif families, else ScottPlot's <c>Fonts.Sans</c>.</summary>
    public static string Sans => SansValue.Value;

    /// <summary>Sets <see cref="Sans"/> on the title, the axis labels, the tick labels and the legend of <paramref name="plot"/> (call after adding its axes).</summary>
    public static void Apply(Plot plot)
    {
        plot.Axes.Title.Label.FontName = Sans;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = Sans;
            axis.TickLabelStyle.FontName = Sans;
        }
        plot.Legend.FontName = Sans;
    }
}
