namespace DBeta.MLNet;

/// <summary>One signal line of a WFDB header (<c>file format[xspf][:skew][+offset] gain[(baseline)][/units] adcres adczero initval checksum blocksize description</c>).</summary>
internal sealed record WfdbSignal
{
    /// <summary>Signal file name, relative to the header's folder.</summary>
    public required string FileName { get; init; }

    /// <summary>Storage format (16, 212, 80, ...).</summary>
    public required int Format { get; init; }

    /// <summary>Samples of this signal per frame (1 unless the header says <c>x</c>N).</summary>
    public int SamplesPerFrame { get; init; } = 1;

    /// <summary>Skew in frames (<c>:</c>N), 0 unless given.</summary>
    public int Skew { get; init; }

    /// <summary>Bytes to skip at the start of the signal file (<c>+</c>N), 0 unless given.</summary>
    public long ByteOffset { get; init; }

    /// <summary>ADC units per physical unit; a header gain of 0 or none means WFDB's default 200.</summary>
    public double Gain { get; init; } = 200;

    /// <summary>The ADC value of physical zero; defaults to <see cref="AdcZero"/> when the header gives none.</summary>
    public int Baseline { get; init; }

    /// <summary>Physical units (WFDB's default is <c>mV</c>).</summary>
    public string Units { get; init; } = "mV";

    /// <summary>ADC resolution in bits (0 when not given).</summary>
    public int AdcResolution { get; init; }

    /// <summary>ADC value at the middle of the input range.</summary>
    public int AdcZero { get; init; }

    /// <summary>Value of the first sample (used by difference formats).</summary>
    public int InitialValue { get; init; }

    /// <summary>16-bit checksum of all samples, when given.</summary>
    public int? Checksum { get; init; }

    /// <summary>Block size in bytes (0 for ordinary files).</summary>
    public int BlockSize { get; init; }

    /// <summary>Signal description; for ECG leads, the lead name (<c>II</c>, <c>avr</c>, <c>V1</c>).</summary>
    public string Description { get; init; } = "";
}
