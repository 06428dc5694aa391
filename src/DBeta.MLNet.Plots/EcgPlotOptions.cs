namespace DBeta.MLNet;

/// <summary>Settings of <see cref="EcgPlot"/>.</summary>
public sealed class EcgPlotOptions
{
    /// <summary>First title line; <c>null</c> (default) uses the record's id.</summary>
    public string? Title { get; set; }

    /// <summary>Second title line, e.g. labels and rate; <c>null</c> (default) for none.</summary>
    public string? Subtitle { get; set; }

    /// <summary>Image width in pixels (default 2000); the height follows from the 25 mm/s, 10 mm/mV paper.</summary>
    public int Width { get; set; } = 2000;

    /// <summary>Seconds shown per column of the 3 x 4 grid (four times it per strip of the twelve-strip layout). Default 2.5 (the standard printout).</summary>
    public double ColumnSeconds { get; set; } = 2.5;

    /// <summary>Lead of the full-length rhythm strip under the grid (index into <see cref="EcgLeads.Standard"/>); default 1 (II); -1 for none.</summary>
    public int RhythmLead { get; set; } = 1;

    /// <summary>
    /// The layout. Default: null, the 3 x 4 grid for a record and twelve full-length strips for an explanation map (so
    /// every lead's every window shows).
    /// </summary>
    public EcgPlotLayout? Layout { get; set; }

    /// <summary>Vertical space per row, mV (default 3.5: 35 mm at 10 mm/mV).</summary>
    public double RowHeightMv { get; set; } = 3.5;

    /// <summary>A copy with <see cref="Subtitle"/> replaced.</summary>
    internal EcgPlotOptions WithSubtitle(string subtitle)
    {
        var copy = (EcgPlotOptions)MemberwiseClone();
        copy.Subtitle = subtitle;
        return copy;
    }
}
