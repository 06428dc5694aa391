using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Noise added to synthetic ECGs, drawn per electrode (RA, LA, LL, V1-V6) so that the leads share it as real leads do.
/// Levels are in mV as seen in a lead; 0 turns a source off.
/// </summary>
public sealed class SyntheticEcgNoise
{
    /// <summary>Baseline wander amplitude (respiration and electrode drift, 0.03-0.5 Hz), mV. Default 0.10.</summary>
    public double BaselineWander { get; set; } = 0.10;

    /// <summary>Power-line interference amplitude, mV. Default 0.01.</summary>
    public double PowerLine { get; set; } = 0.01;

    /// <summary>Power-line frequency, Hz. Default 60 (Brazil, where CODE was recorded); 50 in most of the world.</summary>
    public double PowerLineFrequency { get; set; } = 60;

    /// <summary>Muscle (EMG) noise, RMS mV, broadband with a slowly varying envelope. Default 0.008.</summary>
    public double Muscle { get; set; } = 0.008;

    /// <summary>No noise at all: the clean dipole-model signal.</summary>
    public static SyntheticEcgNoise None => new() { BaselineWander = 0, PowerLine = 0, Muscle = 0 };

    /// <summary>The default levels times <paramref name="factor"/> (0 = clean, 1 = defaults, 3 = a noisy recording).</summary>
    public static SyntheticEcgNoise Scaled(double factor)
    {
        if (!(factor >= 0) || double.IsInfinity(factor))
            throw new ArgumentException($"noise factor {factor} must be a finite number >= 0", nameof(factor));
        var d = new SyntheticEcgNoise();
        return new() { BaselineWander = d.BaselineWander * factor, PowerLine = d.PowerLine * factor, Muscle = d.Muscle * factor };
    }

    /// <summary>
    /// Reads either a factor on the defaults (<c>0</c>, <c>0.5</c>, <c>2</c>) or <c>key=value</c> pairs on top of the defaults:
    /// <c>wander=0.2,mains=0.02,hz=50,emg=0.01</c>.
    /// </summary>
    public static SyntheticEcgNoise Parse(string text)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double factor))
            return Scaled(factor);
        var result = new SyntheticEcgNoise();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] kv = part.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new ArgumentException($"noise setting '{part}' is not key=value (keys: wander, mains, hz, emg)", nameof(text));
            switch (kv[0].ToLowerInvariant())
            {
                case "wander": result.BaselineWander = v; break;
                case "mains": result.PowerLine = v; break;
                case "hz": result.PowerLineFrequency = v; break;
                case "emg": result.Muscle = v; break;
                default: throw new ArgumentException($"unknown noise key '{kv[0]}'; expected wander, mains, hz or emg", nameof(text));
            }
        }
        result.Validate();
        return result;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for negative or non-finite levels.</summary>
    public void Validate()
    {
        Check(BaselineWander, nameof(BaselineWander));
        Check(PowerLine, nameof(PowerLine));
        Check(Muscle, nameof(Muscle));
        if (!(PowerLineFrequency > 0) || double.IsInfinity(PowerLineFrequency))
            throw new ArgumentException($"noise {nameof(PowerLineFrequency)} is {PowerLineFrequency}, expected a frequency > 0 Hz");

        static void Check(double v, string name)
        {
            if (!(v >= 0) || double.IsInfinity(v))
                throw new ArgumentException($"noise {name} is {v}, expected a finite level >= 0 mV");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"wander={BaselineWander:0.###},mains={PowerLine:0.###},hz={PowerLineFrequency:0.#},emg={Muscle:0.####}");
}
