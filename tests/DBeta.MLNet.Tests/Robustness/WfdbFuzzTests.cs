using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated WFDB records (formats 16, 212, 80, 24, 32, 61, 160, several signal files, byte offsets) through
/// <see cref="WfdbEcgSource"/>: header lines edited (garbage lines, wrong signal or sample counts, unknown formats, odd
/// gains, baselines, offsets, file names, lead names), header bytes mutated, and signal files cut short, extended or
/// corrupted. A record whose signal files and parsed header are unchanged must read exactly as the original.
/// </summary>
[TestClass]
public sealed class WfdbFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] Records =
    [
        "good/rec16", "good/rec212", "good/formats", "good/split", "other/invalid16", "other/len400", "other/noV6", "other/nolength",
        "other/rate250", "bad/badcount", "bad/badformat", "bad/badgain", "bad/badnsig", "bad/missingdat", "bad/mixed212", "bad/multiseg",
        "bad/short", "bad/shortline",
    ];

    private static readonly string[][] RecordValues =
    [
        ["0", "1", "11", "13", "-1", "999999999", "99999999999999999999", "x", "12.0"],
        ["0", "-500", "1e308", "nan", "inf", "x", "500/0", "500(", "500/", "0.0001", "1e-300", "500/2(3)", "250", "499.99"],
        ["0", "1", "-1", "2147483647", "2147483648", "9223372036854775807", "99999999999999999999", "300", "302", "1e3", "33554432"],
    ];

    private static readonly string[][] SignalValues =
    [
        ["missing.dat", "{header}", "../outside.dat", "/etc/hostname", "sub/x.dat", "{other}", "CON", "a\u0000b.dat"],
        ["0", "8", "310", "311", "999", "16x0", "16x2", "16:3", "16+9223372036854775807", "16+-1", "16+1", "212+1", "16+99999", "-16", "80x", "x16", "16+", "abc", "212", "16", "80", "24", "32", "61", "160", "16+2147483648"],
        ["0", "-1", "1e400", "nan", "inf", "(", "100(", "100(5", "100()/mV", "200/uV", "200/V", "200/furlongs", "1e-320", "200(2147483648)/mV", "1000(39)/\u00b5V", "5e-324", "1e308(-2147483648)"],
        ["0", "-5", "64", "x", "2147483648"],
        ["2147483647", "-2147483648", "x"],
        ["x", "-99999999999"],
        ["x", "99999999999", "-1"],
        ["-1", "x", "512"],
        ["I", "II", "V1", "avr", "MLII", "", "V7", "lead I", "I I", "aVL extra words here"],
    ];

    [TestMethod]
    public void MutatedWfdbRecordsEndInATypedErrorOrTheirRecordedValues()
    {
        var records = Records.Select(Load).ToArray();
        var campaign = new FuzzCampaign("WFDB (WfdbEcgSource)", seed: 0x57464442);
        var report = campaign.Run((rng, folder) =>
        {
            var record = records[rng.Next(records.Length)];
            foreach (var (name, bytes) in record.Files) File.WriteAllBytes(Path.Combine(folder, name), bytes);
            string headerPath = Path.Combine(folder, record.HeaderName);
            string what;
            int kind = rng.Next(20);
            if (kind < 9)
            {
                File.WriteAllText(headerPath, EditHeader(record, rng, out what), Encoding.Latin1);
            }
            else if (kind < 13)
            {
                File.WriteAllBytes(headerPath, ByteMutator.Mutate(record.Files[record.HeaderName], rng, out what));
                what = "header bytes " + what;
            }
            else
            {
                var dats = record.Files.Keys.Where(k => k != record.HeaderName).ToArray();
                if (dats.Length == 0) return new FuzzInput(headerPath, "no signal file to mutate");
                string dat = dats[rng.Next(dats.Length)];
                File.WriteAllBytes(Path.Combine(folder, dat), ByteMutator.Mutate(record.Files[dat], rng, out what));
                what = $"{dat} {what}";
            }
            bool zeroFill = rng.Next(3) == 0;
            bool asFolder = rng.Next(4) == 0;
            return new FuzzInput(asFolder ? folder : headerPath, $"{record.Name}: {what}{(zeroFill ? " [zero-fill]" : "")}{(asFolder ? " [folder]" : "")}");
        }, input =>
        {
            bool zeroFill = input.Mutation.Contains("[zero-fill]", StringComparison.Ordinal);
            using var source = new WfdbEcgSource(input.Path, new WfdbEcgLoaderOptions { ZeroFillMissingLeads = zeroFill });
            var values = EcgSourceProbe.Read(source);
            var record = records.Single(r => input.Mutation.StartsWith(r.Name + ":", StringComparison.Ordinal));
            CheckAgainstOriginal(record, source, values, zeroFill);
        });
        report.AssertClean(TestContext);
    }

    private sealed record Record(string Name, string HeaderName, Dictionary<string, byte[]> Files, WfdbHeader? Header, float[]?[] Values);

    private static Record Load(string name)
    {
        string headerPath = RepoPaths.Fixture("data", "wfdb", name + ".hea");
        string folder = Path.GetDirectoryName(headerPath)!;
        var files = new Dictionary<string, byte[]> { [Path.GetFileName(headerPath)] = File.ReadAllBytes(headerPath) };
        foreach (string line in File.ReadAllLines(headerPath).Skip(1).Where(l => l.Length > 0 && l[0] != '#'))
        {
            string file = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            if (File.Exists(Path.Combine(folder, file))) files[file] = File.ReadAllBytes(Path.Combine(folder, file));
        }
        WfdbHeader? header = null;
        var values = new float[]?[2];
        try
        {
            header = WfdbHeader.Read(headerPath);
            for (int zeroFill = 0; zeroFill < 2; zeroFill++)
            {
                try
                {
                    using var source = new WfdbEcgSource(headerPath, new WfdbEcgLoaderOptions { ZeroFillMissingLeads = zeroFill == 1 });
                    values[zeroFill] = new float[source.LeadCount * source.SampleCount];
                    source.ReadBlock(0, 1, values[zeroFill], new bool[1]);
                }
                catch (EcgDataException)
                {
                    values[zeroFill] = null;
                }
            }
        }
        catch (EcgDataException)
        {
        }
        return new Record(name, Path.GetFileName(headerPath), files, header, values);
    }

    private static string EditHeader(Record record, Random rng, out string what)
    {
        var lines = Encoding.Latin1.GetString(record.Files[record.HeaderName]).Split('\n').ToList();
        int signalLines = lines.Count(l => l.Length > 0 && l[0] != '#') - 1;
        switch (rng.Next(9))
        {
            case 0:
                {
                    string[] garbage = ["garbage", "\0\0\0", "#comment", "   \t ", "rec16 12", new string('x', 10_000), "x.dat 16 200 16 0 0 0 0 V7",
                        Encoding.Latin1.GetString(Enumerable.Range(0, 40).Select(_ => (byte)rng.Next(256)).ToArray())];
                    int at = rng.Next(lines.Count + 1);
                    string line = garbage[rng.Next(garbage.Length)];
                    lines.Insert(at, line);
                    what = $"insert line {at} '{Clip(line)}'";
                    break;
                }
            case 1:
                {
                    int at = rng.Next(lines.Count);
                    lines.RemoveAt(at);
                    what = $"delete line {at}";
                    break;
                }
            case 2:
                {
                    int at = rng.Next(lines.Count);
                    lines.Insert(rng.Next(lines.Count + 1), lines[at]);
                    what = $"duplicate line {at}";
                    break;
                }
            case 3:
            case 4:
                {
                    var fields = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                    int field = rng.Next(1, 4);
                    string value = RecordValues[field - 1][rng.Next(RecordValues[field - 1].Length)];
                    while (fields.Count <= field) fields.Add("0");
                    fields[field] = value;
                    lines[0] = string.Join(' ', fields);
                    what = $"record field {field} = '{value}'";
                    break;
                }
            case 5:
            case 6:
                {
                    if (signalLines < 1) goto case 1;
                    int line = 1 + rng.Next(signalLines);
                    var fields = lines[line].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                    int field = rng.Next(SignalValues.Length);
                    string value = SignalValues[field][rng.Next(SignalValues[field].Length)]
                        .Replace("{header}", record.HeaderName, StringComparison.Ordinal)
                        .Replace("{other}", record.Files.Keys.ElementAt(rng.Next(record.Files.Count)), StringComparison.Ordinal);
                    while (fields.Count <= Math.Min(field, 8)) fields.Add("0");
                    if (field == 8) fields.RemoveRange(8, fields.Count - 8);
                    if (field == 8) fields.Add(value); else fields[field] = value;
                    lines[line] = string.Join(' ', fields);
                    what = $"signal {line} field {field} = '{value}'";
                    break;
                }
            case 7:
                {
                    string text = string.Join('\n', lines);
                    int cut = rng.Next(text.Length);
                    what = $"cut text at {cut}";
                    return text[..cut];
                }
            default:
                {
                    string ending = new[] { "\r\n", "\r", "\n\n", " \n" }[rng.Next(4)];
                    what = $"line ends {Uri.EscapeDataString(ending)}";
                    return string.Join(ending, lines);
                }
        }
        return string.Join('\n', lines);
    }

    /// <summary>Unchanged signal files and an equal parsed header must give the original's values.</summary>
    private static void CheckAgainstOriginal(Record record, WfdbEcgSource source, List<(int Index, float[] Values)> values, bool zeroFill)
    {
        float[]? expected = record.Values[zeroFill ? 1 : 0];
        if (expected is null || record.Header is null || source.Count != 1) return;
        string folder = Path.GetDirectoryName(source.GetHeader(0).HeaderPath)!;
        foreach (var (name, bytes) in record.Files)
        {
            if (name == record.HeaderName) continue;
            string path = Path.Combine(folder, name);
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        }
        var header = source.GetHeader(0);
        if (header.SampleRate != record.Header.SampleRate || header.SampleCount != record.Header.SampleCount
            || !header.Signals.SequenceEqual(record.Header.Signals)) return;
        EcgSourceProbe.Check(values[0].Values.AsSpan().SequenceEqual(expected),
            "the signal files and the parsed header are unchanged, but the values differ from the original record's");
    }

    private static string Clip(string text) => text.Length <= 20 ? text : text[..20] + "...";
}
