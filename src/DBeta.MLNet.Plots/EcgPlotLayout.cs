namespace DBeta.MLNet;

/// <summary>How <see cref="EcgPlot"/> lays the 12 leads out.</summary>
public enum EcgPlotLayout
{
    /// <summary>The standard printout: a 3 x 4 grid, each lead showing its quarter of the time, and a rhythm strip.</summary>
    Grid3x4,

    /// <summary>Twelve full-length strips, one lead per row: every lead shows all the time (explanation maps default to it).</summary>
    TwelveStrips,
}
