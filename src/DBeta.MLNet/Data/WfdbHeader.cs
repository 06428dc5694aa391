using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// A parsed WFDB header (<c>.hea</c>) of a single-segment record: the record line
/// (<c>name nsig [fs[/counterfreq[(base)]] [nsamp [time [date]]]]</c>), one line per signal, and <c>#</c> comments.
/// </summary>
internal sealed class WfdbHeader
{
    /// <summary>WFDB's sampling frequency when the record line gives none.</summary>
    public const double DefaultSampleRate = 250;

    private WfdbHeader(string path, string recordName, double sampleRate, long sampleCount, WfdbSignal[] signals, string[] comments)
    {
        HeaderPath = path;
        RecordName = recordName;
        SampleRate = sampleRate;
        SampleCount = sampleCount;
        Signals = signals;
        Comments = comments;
    }

    /// <summary>The header file.</summary>
    public string HeaderPath { get; }

    /// <summary>The record name from the record line.</summary>
    public string RecordName { get; }

    /// <summary>Samples per second per signal.</summary>
    public double SampleRate { get; }

    /// <summary>Samples per signal; 0 when the header leaves it out (then the signal files' lengths tell).</summary>
    public long SampleCount { get; }

    /// <summary>The signals, in header order.</summary>
    public IReadOnlyList<WfdbSignal> Signals { get; }

    /// <summary>Comment lines, without the <c>#</c>.</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>Reads and parses the header file <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">A line does not follow the WFDB header format.</exception>
    public static WfdbHeader Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"WFDB header not found: {path}", path);
        var info = new FileInfo(path);
        // Headers are a few kB; anything huge is not a header and must not be read into memory.
        if (info.Length > 1 << 24) throw new EcgDataException(path, $"is {info.Length} bytes, too large for a WFDB header");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses header <paramref name="text"/>; <paramref name="path"/> is named in errors.</summary>
    /// <exception cref="EcgDataException">A line does not follow the WFDB header format.</exception>
    public static WfdbHeader Parse(string text, string path)
    {
        var comments = new List<string>();
        var lines = new List<(int Number, string Text)>();
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r');
            string trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (trimmed[0] == '#') { comments.Add(trimmed[1..].Trim()); continue; }
            lines.Add((number, line));
        }
        if (lines.Count == 0) throw new EcgDataException(path, "has no record line");

        var (recordNumber, recordLine) = lines[0];
        string[] fields = recordLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        string name = fields[0];
        if (name.Contains('/'))
            throw new EcgDataException(path, $"line {recordNumber}: '{name}' is a multi-segment record, which is not supported", name);
        if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out int signalCount))
            throw new EcgDataException(path, $"line {recordNumber}: the record line '{recordLine.Trim()}' lacks a number of signals after the record name", name);

        double rate = DefaultSampleRate;
        if (fields.Length > 2)
        {
            string rateText = fields[2];
            int cut = rateText.IndexOfAny(['/', '(']);
            if (cut >= 0) rateText = rateText[..cut];
            if (!double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) || !(rate > 0) || double.IsInfinity(rate))
                throw new EcgDataException(path, $"line {recordNumber}: sampling frequency '{fields[2]}' is not a positive number", name);
        }
        long sampleCount = 0;
        if (fields.Length > 3 && !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out sampleCount))
            throw new EcgDataException(path, $"line {recordNumber}: number of samples '{fields[3]}' is not a non-negative integer", name);

        int signalLines = lines.Count - 1;
        if (signalLines != signalCount)
            throw new EcgDataException(path, $"the record line declares {signalCount} signals but the header has {signalLines} signal lines", name);
        var signals = new WfdbSignal[signalCount];
        for (int i = 0; i < signalCount; i++)
            signals[i] = ParseSignal(lines[i + 1].Text, lines[i + 1].Number, path, name);
        return new WfdbHeader(path, name, rate, sampleCount, signals, [.. comments]);
    }

    private static WfdbSignal ParseSignal(string line, int number, string path, string record)
    {
        // Up to eight whitespace-separated fields, then the description (which may hold spaces: "ECG 1").
        var tokens = new List<string>();
        int pos = 0;
        string description = "";
        while (pos < line.Length)
        {
            while (pos < line.Length && char.IsWhiteSpace(line[pos])) pos++;
            if (pos >= line.Length) break;
            if (tokens.Count == 8) { description = line[pos..].Trim(); break; }
            int start = pos;
            while (pos < line.Length && !char.IsWhiteSpace(line[pos])) pos++;
            tokens.Add(line[start..pos]);
        }
        EcgDataException Bad(string what) => new(path, $"line {number}: {what} in signal line '{line.Trim()}'", record);
        if (tokens.Count < 2) throw Bad("the signal file name or format is missing");

        string formatText = tokens[1];
        int format, spf = 1, skew = 0;
        long offset = 0;
        int plus = formatText.IndexOf('+');
        if (plus >= 0)
        {
            if (!long.TryParse(formatText[(plus + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out offset)) throw Bad($"byte offset in '{formatText}' is not an integer");
            formatText = formatText[..plus];
        }
        int colon = formatText.IndexOf(':');
        if (colon >= 0)
        {
            if (!int.TryParse(formatText[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out skew)) throw Bad($"skew in '{tokens[1]}' is not an integer");
            formatText = formatText[..colon];
        }
        int x = formatText.IndexOf('x');
        if (x >= 0)
        {
            if (!int.TryParse(formatText[(x + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out spf) || spf < 1) throw Bad($"samples per frame in '{tokens[1]}' is not a positive integer");
            formatText = formatText[..x];
        }
        if (!int.TryParse(formatText, NumberStyles.None, CultureInfo.InvariantCulture, out format)) throw Bad($"format '{tokens[1]}' is not an integer");

        int Int(int index, string what)
        {
            if (tokens.Count <= index) return 0;
            return int.TryParse(tokens[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw Bad($"{what} '{tokens[index]}' is not an integer");
        }
        int adcResolution = Int(3, "ADC resolution");
        int adcZero = Int(4, "ADC zero");
        int initial = Int(5, "initial value");
        int? checksum = tokens.Count > 6 ? Int(6, "checksum") : null;
        int blockSize = Int(7, "block size");

        double gain = 200;
        int baseline = adcZero;
        string units = "mV";
        if (tokens.Count > 2)
        {
            string gainText = tokens[2];
            int slash = gainText.IndexOf('/');
            if (slash >= 0) { units = gainText[(slash + 1)..]; gainText = gainText[..slash]; }
            int paren = gainText.IndexOf('(');
            if (paren >= 0)
            {
                if (!gainText.EndsWith(')') || !int.TryParse(gainText[(paren + 1)..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out baseline))
                    throw Bad($"baseline in '{tokens[2]}' is not an integer in parentheses");
                gainText = gainText[..paren];
            }
            if (!double.TryParse(gainText, NumberStyles.Float, CultureInfo.InvariantCulture, out gain) || !double.IsFinite(gain))
                throw Bad($"gain '{tokens[2]}' is not a number");
            if (gain == 0) gain = 200; // WFDB: a gain of 0 means uncalibrated, read with the default 200
        }

        return new WfdbSignal
        {
            FileName = tokens[0],
            Format = format,
            SamplesPerFrame = spf,
            Skew = skew,
            ByteOffset = offset,
            Gain = gain,
            Baseline = baseline,
            Units = units,
            AdcResolution = adcResolution,
            AdcZero = adcZero,
            InitialValue = initial,
            Checksum = checksum,
            BlockSize = blockSize,
            Description = description,
        };
    }
}
