using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// The machine's load average (runnable tasks over 1, 5 and 15 minutes, Linux <c>/proc/loadavg</c>): on a shared
/// machine, timings mean little without it.
/// </summary>
/// <param name="OneMinute">Average over the last minute.</param>
/// <param name="FiveMinutes">Average over the last 5 minutes.</param>
/// <param name="FifteenMinutes">Average over the last 15 minutes.</param>
internal sealed record LoadAverage(double OneMinute, double FiveMinutes, double FifteenMinutes)
{
    /// <summary>The current load average, or <c>null</c> where the system does not report one.</summary>
    public static LoadAverage? Read()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return null;
        var values = new double[3];
        for (int i = 0; i < 3; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])) return null;
        return new LoadAverage(values[0], values[1], values[2]);
    }

    /// <summary><c>1.23 0.98 0.75</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{OneMinute:0.00} {FiveMinutes:0.00} {FifteenMinutes:0.00}");
}
