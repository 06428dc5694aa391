using System.Buffers;
using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// ECGs from PhysioNet WFDB records (PTB-XL, CPSC, Georgia, MIMIC-IV-ECG): a folder of <c>.hea</c> headers, one
/// header, or an explicit list. Signals are mapped to the 12 standard leads by their descriptions
/// (<see cref="EcgLeads.IndexOf"/>); extra signals are ignored, a missing lead is an error unless
/// <see cref="WfdbEcgLoaderOptions.ZeroFillMissingLeads"/>. Records become one fixed-size column: they must share
/// sampling rate and length, or with <see cref="WfdbEcgLoaderOptions.Fit"/> each is resampled and cropped or padded
/// to the size it asks for. Ids are record names (a record line's stray extension, as in Georgia's
/// <c>E00666.mat</c>, left out). Values are converted to millivolts (<c>uV</c> and <c>V</c> units are scaled).
/// Headers are parsed and signal files checked when the source is opened; samples are read on demand.
/// </summary>
/// <remarks>Holds no open files; reads are independent, so one instance may be read from several threads.</remarks>
internal sealed class WfdbEcgSource : EcgSource, IEcgWindowSource
{
    private readonly Entry[] _records;
    private readonly EcgRecordFitter? _fitter;
    private readonly (int Record, int Start)[]? _windows;
    private readonly int _windowStride = 1;
    private readonly List<string> _skipped = [];

    private sealed record Entry(WfdbHeader Header, int[] RowOfSignal, double[] Scale, bool[] MissingLead)
    {
        public int Frames { get; set; }
    }

    /// <summary>Opens the records in folder <paramref name="folderOrHeader"/>, or the one record whose <c>.hea</c> (or name without extension) is given.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">A header or signal file is bad, a lead is missing, or records differ in rate or length.</exception>
    public WfdbEcgSource(string folderOrHeader, WfdbEcgLoaderOptions? options = null)
        : this(folderOrHeader, [.. FindHeaders(folderOrHeader, options?.IncludeSubfolders ?? false).Select(WfdbHeader.Read)], options)
    {
    }

    /// <summary>Opens the records whose headers are listed, in that order.</summary>
    /// <exception cref="FileNotFoundException">A header does not exist.</exception>
    /// <exception cref="EcgDataException">A header or signal file is bad, a lead is missing, or records differ in rate or length.</exception>
    public WfdbEcgSource(IEnumerable<string> headerPaths, WfdbEcgLoaderOptions? options = null)
        : this(null, [.. headerPaths.Select(HeaderPathOf).Select(WfdbHeader.Read)], options)
    {
    }

    /// <summary>Opens the records of headers already parsed (a dataset reader that read their comments), in that order.</summary>
    /// <exception cref="EcgDataException">A signal file is bad, a lead is missing, or records differ in rate or length.</exception>
    internal WfdbEcgSource(IReadOnlyList<WfdbHeader> headers, WfdbEcgLoaderOptions? options = null) : this(null, headers, options)
    {
    }

    private WfdbEcgSource(string? path, IReadOnlyList<WfdbHeader> headers, WfdbEcgLoaderOptions? options)
        : base(path ?? CommonFolder([.. headers.Select(h => h.HeaderPath)]))
    {
        options ??= new WfdbEcgLoaderOptions();
        if (headers.Count == 0) throw new EcgDataException(Path, "has no WFDB records (no .hea files)");
        _records = new Entry[headers.Count];
        _fitter = options.Fit is { } fit ? new EcgRecordFitter(fit) : null;
        if (_fitter is not null)
        {
            SampleRate = _fitter.SampleRate;
            SampleCount = _fitter.SampleCount;
        }
        for (int i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var entry = MapLeads(header, options.ZeroFillMissingLeads);
            long frames = header.SampleCount > 0 ? header.SampleCount : FramesFromFiles(header, entry);
            if (frames > Array.MaxLength / 64 || frames == 0)
                throw new EcgDataException(header.HeaderPath, $"has {frames} samples per signal; cannot read it as one ECG", header.RecordName);
            entry.Frames = (int)frames;
            if (_fitter is not null)
            {
                int resampled = _fitter.ResampledLength(entry.Frames, header.SampleRate);
                if (resampled > Array.MaxLength / 64 || resampled == 0)
                    throw new EcgDataException(header.HeaderPath, string.Create(CultureInfo.InvariantCulture,
                        $"has {frames} samples at {header.SampleRate} Hz, {resampled} at {_fitter.SampleRate} Hz; cannot fit it to {_fitter.SampleCount} samples"), header.RecordName);
            }
            else if (i == 0)
            {
                SampleRate = header.SampleRate;
                SampleCount = (int)frames;
            }
            else if (header.SampleRate != SampleRate || frames != SampleCount)
            {
                var first = _records[0].Header;
                throw new EcgDataException(header.HeaderPath,
                    $"has {frames} samples at {header.SampleRate.ToString(CultureInfo.InvariantCulture)} Hz but record {IdOf(first)} ({first.HeaderPath}) has {SampleCount} at {SampleRate.ToString(CultureInfo.InvariantCulture)} Hz; all records of one source must share rate and length; set Fit (the CLI's --fit) to resample and crop or pad each record to one size",
                    IdOf(header));
            }
            WfdbReader.Check(header, Enumerable.Range(0, header.Signals.Count).Where(s => entry.RowOfSignal[s] >= 0), entry.Frames);
            _records[i] = entry;
        }
        if (options.Windows is { } windows) (_windows, _windowStride) = WindowTable(windows);
    }

    /// <summary>Every whole window of every record, in record order, and the records too short for one.</summary>
    private ((int Record, int Start)[] Windows, int Stride) WindowTable(EcgWindowOptions windows)
    {
        windows.Validate();
        if (_fitter is null) throw new ArgumentException("Windows needs Fit: the windows are cut at the fit's rate and have its length", nameof(windows));
        int stride = Math.Max(1, (int)Math.Round(windows.StrideSeconds * _fitter.SampleRate, MidpointRounding.ToEven));
        var table = new List<(int, int)>();
        for (int r = 0; r < _records.Length; r++)
        {
            var header = _records[r].Header;
            int length = _fitter.ResampledLength(_records[r].Frames, header.SampleRate);
            if (length < SampleCount)
            {
                string problem = string.Create(CultureInfo.InvariantCulture,
                    $"is {length / _fitter.SampleRate:0.###} s long, shorter than one window of {SampleCount / _fitter.SampleRate:0.###} s");
                if (!windows.SkipShortRecords) throw new EcgDataException(header.HeaderPath, problem + "; set SkipShortRecords to leave such records out", IdOf(header));
                _skipped.Add($"{IdOf(header)}: {problem}");
                continue;
            }
            for (int start = 0; start + SampleCount <= length; start += stride) table.Add((r, start));
        }
        if (table.Count > Array.MaxLength / 64) throw new EcgDataException(Path, $"gives {table.Count} windows; use a longer stride");
        return ([.. table], stride);
    }

    /// <inheritdoc/>
    public override int Count => _windows?.Length ?? _records.Length;

    /// <inheritdoc/>
    public override double SampleRate { get; }

    /// <inheritdoc/>
    public override int SampleCount { get; }

    /// <summary>The parsed header of row <paramref name="index"/>'s record.</summary>
    public WfdbHeader GetHeader(int index) => EntryOf(index).Header;

    /// <inheritdoc/>
    public int RecordIndexOf(int index) => _windows is null ? index : _windows[index].Record;

    /// <summary>The record id of row <paramref name="index"/> (with windows, the id of the record the window is cut from).</summary>
    public string GetRecordId(int index) => IdOf(EntryOf(index).Header);

    /// <summary>Seconds from the record's start to row <paramref name="index"/>'s first sample (0 without windows).</summary>
    public double GetWindowStart(int index) => _windows is null ? 0 : _windows[index].Start / SampleRate;

    /// <summary>With <see cref="EcgWindowOptions.SkipShortRecords"/>: the records left out, as <c>id: reason</c>.</summary>
    public IReadOnlyList<string> Skipped => _skipped;

    /// <summary>True when rows are windows of records (<see cref="WfdbEcgLoaderOptions.Windows"/>).</summary>
    public bool HasWindows => _windows is not null;

    /// <summary>The standard leads record <paramref name="index"/> lacks (zero-filled), in <see cref="EcgLeads.Standard"/> names.</summary>
    public IReadOnlyList<string> GetMissingLeads(int index) =>
        [.. Enumerable.Range(0, DBetaConfig.LeadCount).Where(l => EntryOf(index).MissingLead[l]).Select(l => EcgLeads.Standard[l])];

    /// <inheritdoc/>
    public override string GetId(int index) => _windows is null ? IdOf(_records[index].Header)
        : string.Create(CultureInfo.InvariantCulture, $"{GetRecordId(index)}@{GetWindowStart(index):0.###}s");

    /// <summary>The record's name; WFDB names have no dots, so a <c>.mat</c> or <c>.dat</c> the record line carries is left out.</summary>
    internal static string IdOf(WfdbHeader header) =>
        System.IO.Path.GetExtension(header.RecordName) is { Length: > 0 } extension ? header.RecordName[..^extension.Length] : header.RecordName;

    /// <summary>The record's own header and row 0; with windows, the window's number within its record.</summary>
    public override (string File, long Row) GetLocation(int index) =>
        (EntryOf(index).Header.HeaderPath, _windows is null ? 0 : _windows[index].Start / _windowStride);

    /// <inheritdoc/>
    protected override string FileOf(int index) => EntryOf(index).Header.HeaderPath;

    private Entry EntryOf(int index) => _records[RecordIndexOf(index)];

    /// <summary>Errors name a WFDB record by its record name alone.</summary>
    protected override string DescribeRecord(int index) => GetId(index);

    /// <inheritdoc/>
    protected override void ReadRecords(int start, int count, Span<float> destination)
    {
        if (_windows is not null)
        {
            ReadWindows(start, count, destination);
            return;
        }
        int length = DBetaConfig.LeadCount * SampleCount;
        for (int r = 0; r < count; r++)
        {
            var entry = _records[start + r];
            var record = destination.Slice(r * length, length);
            if (_fitter is null)
            {
                ReadStored(entry, record);
                continue;
            }
            // Per record: the record as stored is read into a rented buffer, then fitted into the row.
            int storedLength = DBetaConfig.LeadCount * entry.Frames;
            var stored = ArrayPool<float>.Shared.Rent(storedLength);
            try
            {
                ReadStored(entry, stored.AsSpan(0, storedLength));
                _fitter.Fit(stored.AsSpan(0, storedLength), entry.Header.SampleRate, DBetaConfig.LeadCount, record);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(stored);
            }
        }
    }

    /// <summary>Windows <c>[start, start + count)</c>; a record is read and resampled once for all its windows in the block.</summary>
    private void ReadWindows(int start, int count, Span<float> destination)
    {
        int leads = DBetaConfig.LeadCount, length = leads * SampleCount;
        int cachedRecord = -1, resampledLength = 0;
        float[] resampled = [];
        for (int w = 0; w < count; w++)
        {
            var (record, first) = _windows![start + w];
            if (record != cachedRecord)
            {
                var entry = _records[record];
                var stored = new float[leads * entry.Frames];
                ReadStored(entry, stored);
                resampled = _fitter!.Resample(stored, entry.Header.SampleRate, leads);
                resampledLength = resampled.Length / leads;
                cachedRecord = record;
            }
            var window = destination.Slice(w * length, length);
            for (int lead = 0; lead < leads; lead++)
                resampled.AsSpan(lead * resampledLength + first, SampleCount).CopyTo(window.Slice(lead * SampleCount, SampleCount));
        }
    }

    /// <summary>Reads a record as stored, <c>[12, Frames]</c> in millivolts, missing leads zero.</summary>
    private static void ReadStored(Entry entry, Span<float> stored)
    {
        for (int lead = 0; lead < DBetaConfig.LeadCount; lead++)
            if (entry.MissingLead[lead]) stored.Slice(lead * entry.Frames, entry.Frames).Clear();
        try
        {
            WfdbReader.ReadPhysical(entry.Header, entry.Frames, entry.RowOfSignal, entry.Scale, stored);
        }
        catch (IOException e)
        {
            throw new EcgDataException(entry.Header.HeaderPath, $"cannot read the signal files: {e.Message}", entry.Header.RecordName, e);
        }
    }

    private static Entry MapLeads(WfdbHeader header, bool zeroFill)
    {
        var rowOfSignal = new int[header.Signals.Count];
        var scale = new double[header.Signals.Count];
        var signalOfLead = new int[DBetaConfig.LeadCount];
        Array.Fill(signalOfLead, -1);
        for (int s = 0; s < header.Signals.Count; s++)
        {
            var signal = header.Signals[s];
            int lead = EcgLeads.IndexOf(signal.Description);
            rowOfSignal[s] = lead;
            if (lead < 0) continue; // not a standard lead (Frank leads, MLII, respiration): ignored
            if (signalOfLead[lead] >= 0)
                throw new EcgDataException(header.HeaderPath,
                    $"signals {signalOfLead[lead] + 1} ('{header.Signals[signalOfLead[lead]].Description}') and {s + 1} ('{signal.Description}') are both lead {EcgLeads.Standard[lead]}",
                    header.RecordName);
            signalOfLead[lead] = s;
            scale[s] = MillivoltsPer(signal.Units) ?? throw new EcgDataException(header.HeaderPath,
                $"lead {EcgLeads.Standard[lead]} is in '{signal.Units}', expected mV (or uV, V)", header.RecordName);
        }
        var missing = signalOfLead.Select(s => s < 0).ToArray();
        if (!zeroFill && missing.Any(m => m))
        {
            var names = Enumerable.Range(0, DBetaConfig.LeadCount).Where(l => missing[l]).Select(l => EcgLeads.Standard[l]);
            var found = header.Signals.Select(s => s.Description);
            throw new EcgDataException(header.HeaderPath,
                $"lacks lead(s) {string.Join(", ", names)} (signals: {string.Join(", ", found)}); set ZeroFillMissingLeads to fill missing leads with zeros",
                header.RecordName);
        }
        return new Entry(header, rowOfSignal, scale, missing);
    }

    private static double? MillivoltsPer(string units) => units.Trim() switch
    {
        "" or "mV" or "mv" or "MV" => 1,
        "uV" or "uv" or "\u00b5V" or "\u03bcV" => 1e-3,
        "V" => 1e3,
        _ => null,
    };

    private static long FramesFromFiles(WfdbHeader header, Entry entry)
    {
        // The header leaves the length out: the shortest file holding a needed signal tells it.
        long frames = long.MaxValue;
        foreach (var file in WfdbReader.Files(header))
        {
            if (!file.Signals.Any(s => entry.RowOfSignal[s] >= 0)) continue;
            if (!WfdbReader.SupportedFormats.Contains(file.Format) || !File.Exists(file.FullPath)) continue; // Check reports it
            frames = Math.Min(frames, WfdbReader.FramesIn(file, new FileInfo(file.FullPath).Length));
        }
        return frames == long.MaxValue ? 0 : frames;
    }

    private static string HeaderPathOf(string path)
    {
        if (path.EndsWith(".hea", StringComparison.OrdinalIgnoreCase)) return path;
        return File.Exists(path + ".hea") ? path + ".hea" : path;
    }

    private static string CommonFolder(IReadOnlyList<string> headerPaths) =>
        headerPaths.Count > 0 && System.IO.Path.GetDirectoryName(headerPaths[0]) is { Length: > 0 } folder ? folder : ".";

    internal static IReadOnlyList<string> FindHeaders(string folderOrHeader, bool includeSubfolders)
    {
        if (Directory.Exists(folderOrHeader))
        {
            var search = includeSubfolders ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
            return [.. Directory.EnumerateFiles(folderOrHeader, "*.hea", search).Order(StringComparer.Ordinal)];
        }
        string header = HeaderPathOf(folderOrHeader);
        if (!File.Exists(header)) throw new FileNotFoundException($"no WFDB folder or header at {folderOrHeader}", folderOrHeader);
        return [header];
    }
}
