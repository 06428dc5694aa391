using System.Globalization;

namespace DBeta.MLNet;

/// <summary>A bootstrap confidence interval of an AUROC (<see cref="AurocBootstrapOptions"/>).</summary>
public sealed class AurocInterval
{
    internal AurocInterval(double lower, double upper, double level, int validResamples, int resamples)
    {
        Lower = lower;
        Upper = upper;
        Level = level;
        ValidResamples = validResamples;
        Resamples = resamples;
    }

    /// <summary>Lower end; NaN when fewer than two resamples gave a value.</summary>
    public double Lower { get; }

    /// <summary>Upper end; NaN when fewer than two resamples gave a value.</summary>
    public double Upper { get; }

    /// <summary>The coverage asked for (0.95).</summary>
    public double Level { get; }

    /// <summary>Resamples that gave a value (both classes present).</summary>
    public int ValidResamples { get; }

    /// <summary>Resamples drawn.</summary>
    public int Resamples { get; }

    /// <summary><c>[0.812, 0.874]</c>, or <c>n/a</c> without enough valid resamples.</summary>
    public override string ToString() =>
        double.IsNaN(Lower) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"[{Lower:0.000}, {Upper:0.000}]");
}
