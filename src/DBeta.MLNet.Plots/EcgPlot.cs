using System.Globalization;
using Microsoft.ML;
using ScottPlot;

namespace DBeta.MLNet;

/// <summary>
/// Draws a 12-lead ECG the way an electrocardiograph prints it: a 3 x 4 grid (I, II, III | aVR, aVL, aVF | V1-V3 |
/// V4-V6, consecutive 2.5 s per column), a lead II rhythm strip over the whole record, 1 mV calibration pulses, on pink
/// paper with 1 mm (0.04 s, 0.1 mV) and 5 mm (0.2 s, 0.5 mV) squares at 25 mm/s and 10 mm/mV.
/// </summary>
public static class EcgPlot
{
    private const double MmPerSecond = 25, MmPerMv = 10;
    private const double CalibrationSeconds = 0.6; // room left of each row for the 1 mV pulse
    private const double TitleBandMv = 2.4, FooterBandMv = 0.8;

    private static readonly Color Paper = Color.FromHex("#FFF4F4");
    private static readonly Color MinorLine = Color.FromHex("#F7C6CC");
    private static readonly Color MajorLine = Color.FromHex("#E8828F");
    private static readonly Color Trace = Color.FromHex("#111111");
    private static readonly Color Supports = Color.FromHex("#D7191C"); // occluding it lowers the score: the score relies on it
    private static readonly Color Opposes = Color.FromHex("#2C7BB6"); // occluding it raises the score

    /// <summary>Standard printout layout: rows of (lead per column), columns show consecutive time windows.</summary>
    private static readonly int[][] Grid = [[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8, 11]];

    /// <summary>Writes the plot of <paramref name="record"/> (12 leads, mV) to <paramref name="path"/> as a PNG, atomically.</summary>
    internal static void Save(EcgRecord record, string path, EcgPlotOptions? options = null)
    {
        var (plot, width, height) = Create(record, options);
        using (plot)
            AtomicFile.WriteVia(path, temp => plot.SavePng(temp, width, height));
    }

    /// <summary>
    /// Writes the plot of row <paramref name="row"/> of <paramref name="data"/> (a loaded or synthetic ECG view: an
    /// <c>Id</c> text column and an <c>Ecg</c> column of 12 x T lead-major millivolts with its <c>SampleRate</c>
    /// annotation) to <paramref name="path"/>. Without a subtitle the record's positive labels (its Boolean columns that
    /// are true) are shown.
    /// </summary>
    /// <exception cref="ArgumentException">The view lacks those columns or has fewer rows.</exception>
    public static void Save(IDataView data, long row, string path, EcgPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (record, labels) = EcgRowReader.Read(data, row);
        options ??= new EcgPlotOptions();
        if (options.Subtitle is null && labels is not null)
            options = options.WithSubtitle(labels.Count == 0 ? "no label" : string.Join(", ", labels));
        Save(record, path, options);
    }

    /// <summary>
    /// Writes row <paramref name="row"/> of <paramref name="data"/> as the 12-lead printout with <paramref name="explanation"/>
    /// (from <c>ExplainEcgByOcclusion</c> on the same row) laid over it: each lead x window shaded red by how much
    /// occluding it lowers the score (the strongest fully), blue where it raises it; the title names the score.
    /// </summary>
    /// <exception cref="ArgumentException">The view lacks those columns or has fewer rows, or the map is of another record.</exception>
    public static void Save(IDataView data, long row, EcgOcclusionMap explanation, string path, EcgPlotOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(explanation);
        var (record, _) = EcgRowReader.Read(data, row);
        if (record.Id != explanation.Id)
            throw new ArgumentException($"row {row} is record {record.Id}, but the explanation is of {explanation.Id}", nameof(explanation));
        options ??= new EcgPlotOptions();
        if (options.Subtitle is null)
        {
            double scale = ShadeScale(explanation);
            options = options.WithSubtitle(string.Create(CultureInfo.InvariantCulture,
                $"{explanation.ScoreName} = {explanation.Score:0.000}; red: occluding a {explanation.WindowSeconds:0.##}-s window lowers it, blue: raises it (full colour: {scale:0.000})"));
        }
        var (plot, width, height) = Create(record, options, explanation);
        using (plot)
            AtomicFile.WriteVia(path, temp => plot.SavePng(temp, width, height));
    }

    /// <summary>The PNG bytes of the plot of <paramref name="record"/>.</summary>
    internal static byte[] RenderPng(EcgRecord record, EcgPlotOptions? options = null)
    {
        var (plot, width, height) = Create(record, options);
        using (plot)
            return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>Builds the ScottPlot figure and the pixel size that keeps the paper's squares square.</summary>
    internal static (Plot Plot, int Width, int Height) Create(EcgRecord record, EcgPlotOptions? options, EcgOcclusionMap? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        options ??= new EcgPlotOptions();
        if (record.LeadCount != DBetaConfig.LeadCount)
            throw new ArgumentException($"record {record.Id} has {record.LeadCount} leads; the 12-lead plot needs {DBetaConfig.LeadCount}", nameof(record));
        if (options.Width < 400 || options.Width > 20_000)
            throw new ArgumentException($"plot width {options.Width} px is outside 400-20000", nameof(options));
        if (!(options.ColumnSeconds > 0) || !(options.RowHeightMv > 0))
            throw new ArgumentException("ColumnSeconds and RowHeightMv must be positive", nameof(options));
        if (options.RhythmLead < -1 || options.RhythmLead >= DBetaConfig.LeadCount)
            throw new ArgumentException($"rhythm lead {options.RhythmLead} is not -1 or a lead index 0-11", nameof(options));

        var layout = options.Layout ?? (overlay is null ? EcgPlotLayout.Grid3x4 : EcgPlotLayout.TwelveStrips);
        bool strips = layout == EcgPlotLayout.TwelveStrips;
        double column = Math.Min(options.ColumnSeconds, record.DurationSeconds / 4);
        double stripSeconds = 4 * column;
        int rows = strips ? DBetaConfig.LeadCount : options.RhythmLead >= 0 ? 4 : 3;
        double rowHeight = options.RowHeightMv;

        // Data coordinates: x in seconds, y in mV. The paper spans x in [-CalibrationSeconds, stripSeconds], y in [-rows * rowHeight, 0].
        double xMin = -CalibrationSeconds - 0.08, xMax = stripSeconds + 0.08;
        double yMin = -rows * rowHeight - FooterBandMv, yMax = TitleBandMv;
        double mmWide = (xMax - xMin) * MmPerSecond, mmHigh = (yMax - yMin) * MmPerMv;
        double pxPerMm = options.Width / mmWide;
        int width = options.Width, height = (int)Math.Round(mmHigh * pxPerMm);

        var plot = new Plot();
        plot.Layout.Frameless();
        plot.HideAxesAndGrid();
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);

        double paperTop = 0, paperBottom = -rows * rowHeight, paperLeft = -CalibrationSeconds, paperRight = stripSeconds;
        var paper = plot.Add.Rectangle(paperLeft, paperRight, paperBottom, paperTop);
        paper.FillColor = Paper;
        paper.LineWidth = 0;
        DrawGrid(plot, paperLeft, paperRight, paperBottom, paperTop, pxPerMm);
        if (overlay is not null)
            for (int row = 0; row < rows; row++)
            {
                double top = -row * rowHeight;
                if (strips)
                    Shade(plot, overlay, row, 0, stripSeconds, top - rowHeight, top);
                else if (row < 3)
                    for (int col = 0; col < 4; col++) Shade(plot, overlay, Grid[row][col], col * column, (col + 1) * column, top - rowHeight, top);
                else
                    Shade(plot, overlay, options.RhythmLead, 0, stripSeconds, top - rowHeight, top);
            }

        float traceWidth = (float)Math.Max(1.2, 0.22 * pxPerMm);
        float labelSize = (float)(4.2 * pxPerMm);
        for (int row = 0; row < rows; row++)
        {
            double baseline = -(row + 0.55) * rowHeight;
            DrawCalibration(plot, baseline, traceWidth);
            if (strips)
            {
                DrawLead(plot, record, row, 0, stripSeconds, baseline, traceWidth);
                Label(plot, EcgLeads.Standard[row], 0.06, baseline + 0.42 * rowHeight, labelSize);
            }
            else if (row < 3)
            {
                for (int col = 0; col < 4; col++)
                {
                    int lead = Grid[row][col];
                    double from = col * column;
                    DrawLead(plot, record, lead, from, from + column, baseline, traceWidth);
                    Label(plot, EcgLeads.Standard[lead], from + 0.06, baseline + 0.42 * rowHeight, labelSize);
                    if (col > 0) plot.Add.Line(from, baseline - 0.35, from, baseline + 0.35).Configure(traceWidth, Trace);
                }
            }
            else
            {
                DrawLead(plot, record, options.RhythmLead, 0, stripSeconds, baseline, traceWidth);
                Label(plot, EcgLeads.Standard[options.RhythmLead], 0.06, baseline + 0.42 * rowHeight, labelSize);
            }
        }

        string title = options.Title ?? record.Id;
        var t = plot.Add.Text(title, paperLeft, yMax - 0.25);
        Style(t, (float)(6.0 * pxPerMm), bold: true, Alignment.UpperLeft);
        if (!string.IsNullOrEmpty(options.Subtitle))
        {
            var s = plot.Add.Text(options.Subtitle, paperLeft, yMax - 1.25);
            Style(s, (float)(4.6 * pxPerMm), bold: false, Alignment.UpperLeft);
        }
        string footer = string.Create(CultureInfo.InvariantCulture,
            $"25 mm/s   10 mm/mV   {record.SampleRate:0.#} Hz   {record.DurationSeconds:0.00} s recorded, {stripSeconds:0.##} s shown");
        var f = plot.Add.Text(footer, paperRight, paperBottom - 0.12);
        Style(f, (float)(3.6 * pxPerMm), bold: false, Alignment.UpperRight);
        return (plot, width, height);
    }

    private static void DrawGrid(Plot plot, double left, double right, double bottom, double top, double pxPerMm)
    {
        float minorWidth = (float)Math.Max(0.8, 0.09 * pxPerMm), majorWidth = (float)Math.Max(1.2, 0.2 * pxPerMm);
        // Minor lines first so the major ones stay on top; counted in mm from the paper's origin to avoid drift.
        for (int pass = 0; pass < 2; pass++)
        {
            bool major = pass == 1;
            int mmWide = (int)Math.Round((right - left) * MmPerSecond), mmHigh = (int)Math.Round((top - bottom) * MmPerMv);
            for (int mm = 0; mm <= mmWide; mm++)
            {
                if ((mm % 5 == 0) != major) continue;
                double x = left + mm / MmPerSecond;
                plot.Add.Line(x, bottom, x, top).Configure(major ? majorWidth : minorWidth, major ? MajorLine : MinorLine);
            }
            for (int mm = 0; mm <= mmHigh; mm++)
            {
                if ((mm % 5 == 0) != major) continue;
                double y = top - mm / MmPerMv;
                plot.Add.Line(left, y, right, y).Configure(major ? majorWidth : minorWidth, major ? MajorLine : MinorLine);
            }
        }
    }

    /// <summary>Shades the windows of <paramref name="lead"/> that fall in <c>[from, to]</c> seconds by their drop, relative to the map's largest drop.</summary>
    private static void Shade(Plot plot, EcgOcclusionMap map, int lead, double from, double to, double bottom, double top)
    {
        double scale = ShadeScale(map);
        if (scale == 0) return;
        for (int w = 0; w < map.WindowCount; w++)
        {
            double start = Math.Max(from, w * map.WindowSeconds), end = Math.Min(to, (w + 1) * map.WindowSeconds);
            double drop = map.WindowDrop(lead, w);
            if (end <= start || drop == 0) continue;
            var cell = plot.Add.Rectangle(start, end, bottom, top);
            cell.FillColor = (drop > 0 ? Supports : Opposes).WithAlpha(0.6 * Math.Abs(drop) / scale);
            cell.LineWidth = 0;
        }
    }

    /// <summary>The largest change any window's occlusion makes: the change shaded in full colour.</summary>
    private static double ShadeScale(EcgOcclusionMap map)
    {
        double scale = 0;
        for (int l = 0; l < DBetaConfig.LeadCount; l++)
            for (int w = 0; w < map.WindowCount; w++) scale = Math.Max(scale, Math.Abs(map.WindowDrop(l, w)));
        return scale;
    }

    private static void DrawCalibration(Plot plot, double baseline, float width)
    {
        double x0 = -CalibrationSeconds + 0.08;
        double[] xs = [x0, x0 + 0.1, x0 + 0.1, x0 + 0.3, x0 + 0.3, x0 + 0.4];
        double[] ys = [baseline, baseline, baseline + 1, baseline + 1, baseline, baseline];
        var pulse = plot.Add.ScatterLine(xs, ys, Trace);
        pulse.LineWidth = width;
    }

    private static void DrawLead(Plot plot, EcgRecord record, int lead, double from, double to, double baseline, float width)
    {
        int i0 = (int)Math.Ceiling(from * record.SampleRate);
        int i1 = Math.Min(record.SampleCount, (int)Math.Floor(to * record.SampleRate));
        if (i1 - i0 < 2) return;
        var samples = record.Lead(lead)[i0..i1];
        // Centre each segment on its median so baseline offsets do not push it into the next row.
        float[] sorted = samples.ToArray();
        Array.Sort(sorted);
        double median = sorted[sorted.Length / 2];
        if (!double.IsFinite(median)) median = 0;
        var xs = new double[samples.Length];
        var ys = new double[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            xs[i] = (i0 + i) / record.SampleRate;
            ys[i] = float.IsFinite(samples[i]) ? baseline + samples[i] - median : double.NaN;
        }
        var line = plot.Add.ScatterLine(xs, ys, Trace);
        line.LineWidth = width;
    }

    private static void Label(Plot plot, string text, double x, double y, float size)
    {
        var label = plot.Add.Text(text, x, y);
        Style(label, size, bold: true, Alignment.UpperLeft);
    }

    private static void Style(ScottPlot.Plottables.Text text, float size, bool bold, Alignment alignment)
    {
        text.LabelFontName = PlotFonts.Sans;
        text.LabelFontSize = size;
        text.LabelBold = bold;
        text.LabelFontColor = Trace;
        text.LabelAlignment = alignment;
        text.LabelBackgroundColor = Colors.Transparent;
        text.LabelBorderWidth = 0;
    }

    private static ScottPlot.Plottables.LinePlot Configure(this ScottPlot.Plottables.LinePlot line, float width, Color color)
    {
        line.LineWidth = width;
        line.LineColor = color;
        line.MarkerSize = 0;
        return line;
    }
}
