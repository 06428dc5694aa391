using System.Globalization;
using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// Several ECG files (or WFDB folders) read as one collection: the inputs sorted by path (ordinal), their records
/// back to back. Record <c>k</c> of the set is row <c>k - FirstRecord</c> of the input that holds it, so a record
/// has one global index that every worker of a sharded run agrees on. All inputs must share sampling rate and length.
/// Not safe for concurrent use (like every <see cref="IEcgSource"/>).
/// </summary>
internal sealed class EcgInputSet : IEcgSource
{
    private readonly IEcgSource[] _sources;
    private readonly int[] _firsts;

    private EcgInputSet(IEcgSource[] sources)
    {
        _sources = sources;
        _firsts = new int[sources.Length];
        var inputs = new EcgInput[sources.Length];
        long total = 0;
        for (int i = 0; i < sources.Length; i++)
        {
            var source = sources[i];
            if (i > 0 && (source.SampleRate != sources[0].SampleRate || source.SampleCount != sources[0].SampleCount || source.LeadCount != sources[0].LeadCount))
                throw new EcgDataException(source.Path, string.Create(CultureInfo.InvariantCulture,
                    $"has {source.LeadCount} x {source.SampleCount} samples at {source.SampleRate} Hz but {sources[0].Path} has {sources[0].LeadCount} x {sources[0].SampleCount} at {sources[0].SampleRate} Hz; embed inputs of different rates or lengths in separate runs"));
            _firsts[i] = (int)total;
            inputs[i] = new EcgInput(source.Path, source.Count, (int)total);
            total += source.Count;
            if (total > int.MaxValue) throw new EcgDataException(source.Path, $"the inputs hold more than {int.MaxValue} records together; split the run");
        }
        Inputs = inputs;
        Count = (int)total;
        Fingerprint = FingerprintOf(inputs);
    }

    /// <summary>Records the inputs left out (shorter than one window), as <c>id: reason</c>.</summary>
    public IReadOnlyList<string> Skipped => [.. _sources.OfType<IEcgWindowSource>().SelectMany(s => s.Skipped)];

    /// <summary>
    /// Opens the files matched by <paramref name="patterns"/> (paths, or globs with <c>*</c> and <c>?</c> in the file
    /// name, e.g. <c>data/exams_part*.h5</c>), sorted by path and without duplicates.
    /// </summary>
    /// <param name="patterns">Files, WFDB folders or globs.</param>
    /// <param name="format">The format of every input, or <see cref="EcgFormat.Auto"/> to tell each from its name.</param>
    /// <param name="optionsFor">Loader options for one input given its path and format (e.g. the rate of <c>.npy</c> files), or null for the defaults.</param>
    /// <exception cref="FileNotFoundException">A path does not exist or a glob matches nothing.</exception>
    /// <exception cref="EcgDataException">An input cannot be read, or inputs differ in rate or length.</exception>
    public static EcgInputSet Open(IEnumerable<string> patterns, EcgFormat format = EcgFormat.Auto,
        Func<string, EcgFormat, EcgLoaderOptions?>? optionsFor = null)
    {
        var paths = Expand(patterns);
        var sources = new List<IEcgSource>(paths.Count);
        try
        {
            foreach (string path in paths)
            {
                var actual = format == EcgFormat.Auto ? EcgSources.DetectFormat(path) : format;
                sources.Add(EcgSources.Open(path, actual, optionsFor?.Invoke(path, actual)));
            }
            return new EcgInputSet([.. sources]);
        }
        catch
        {
            foreach (var source in sources) source.Dispose();
            throw;
        }
    }

    /// <summary>Lists the inputs <paramref name="patterns"/> name: each path or glob expanded, sorted (ordinal), duplicates removed.</summary>
    /// <exception cref="FileNotFoundException">A path does not exist or a glob matches nothing.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string pattern in patterns)
        {
            string name = System.IO.Path.GetFileName(pattern);
            if (name.IndexOfAny(['*', '?']) < 0)
            {
                if (!File.Exists(pattern) && !Directory.Exists(pattern) && !File.Exists(pattern + ".hea"))
                    throw new FileNotFoundException($"no ECG file or folder at {pattern}", pattern);
                found.Add(pattern);
                continue;
            }
            string folder = System.IO.Path.GetDirectoryName(pattern) is { Length: > 0 } f ? f : ".";
            if (folder.IndexOfAny(['*', '?']) >= 0)
                throw new FileNotFoundException($"{pattern}: wildcards are supported in the file name only, not in folders", pattern);
            if (!Directory.Exists(folder)) throw new FileNotFoundException($"{pattern}: folder {folder} does not exist", pattern);
            int before = found.Count;
            foreach (string file in Directory.EnumerateFileSystemEntries(folder))
                if (FileSystemName.MatchesSimpleExpression(name, System.IO.Path.GetFileName(file), ignoreCase: false))
                    found.Add(System.IO.Path.GetDirectoryName(pattern) is { Length: > 0 } ? file : System.IO.Path.GetFileName(file));
            if (found.Count == before) throw new FileNotFoundException($"{pattern} matches no file", pattern);
        }
        if (found.Count == 0) throw new FileNotFoundException("no input given");
        return [.. found];
    }

    /// <summary>The inputs in order, each with its record count and first global index.</summary>
    public IReadOnlyList<EcgInput> Inputs { get; }

    /// <summary>
    /// SHA-256 (hex) of the input list: each input's path and record count. Parts of one sharded run must agree on it;
    /// it does not hash file contents, so change no input while a run is under way.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>The single input's path, or the first one's with the number of others.</summary>
    public string Path => _sources.Length == 1 ? _sources[0].Path : $"{_sources[0].Path} (+{_sources.Length - 1} more)";

    /// <summary>Records in all inputs together.</summary>
    public int Count { get; }

    /// <inheritdoc/>
    public double SampleRate => _sources[0].SampleRate;

    /// <inheritdoc/>
    public int SampleCount => _sources[0].SampleCount;

    /// <inheritdoc/>
    public int LeadCount => _sources[0].LeadCount;

    /// <summary>The input holding record <paramref name="index"/> and the record's row in it.</summary>
    public (EcgInput Input, int Row) Locate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int i = InputOf(index);
        return (Inputs[i], index - _firsts[i]);
    }

    /// <inheritdoc/>
    public string GetId(int index)
    {
        var (_, row) = Locate(index);
        return _sources[InputOf(index)].GetId(row);
    }

    /// <inheritdoc/>
    public (string File, long Row) GetLocation(int index)
    {
        var (_, row) = Locate(index);
        return _sources[InputOf(index)].GetLocation(row);
    }

    /// <inheritdoc/>
    public void ReadBlock(int start, int count, Span<float> destination) => ReadSpanning(start, count, destination, default, check: true);

    /// <inheritdoc/>
    public void ReadBlock(int start, int count, Span<float> destination, Span<bool> valid)
    {
        if (valid.Length < count) throw new ArgumentException($"valid holds {valid.Length} flags, {count} needed", nameof(valid));
        ReadSpanning(start, count, destination, valid, check: false);
    }

    /// <inheritdoc/>
    public EcgRecord Read(int index)
    {
        var (_, row) = Locate(index);
        return _sources[InputOf(index)].Read(row);
    }

    /// <summary>
    /// A source over records <c>[first, first + count)</c> of this set (the set stays the owner of the files), for
    /// one shard or the rest of an interrupted one. Index <c>i</c> of the range is record <c>first + i</c> of the set.
    /// </summary>
    public IEcgSource Range(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)first + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"records {first}..{first + count - 1} are outside the {Count} records of {Path}");
        return new EcgSourceRange(this, first, count);
    }

    /// <summary>Closes every input.</summary>
    public void Dispose()
    {
        foreach (var source in _sources) source.Dispose();
    }

    /// <summary>SHA-256 (hex) of an input list, as <see cref="Fingerprint"/>.</summary>
    internal static string FingerprintOf(IEnumerable<EcgInput> inputs)
    {
        var text = new StringBuilder();
        foreach (var input in inputs) text.Append(CultureInfo.InvariantCulture, $"{input.Path}\t{input.RecordCount}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private int InputOf(int index)
    {
        int i = Array.BinarySearch(_firsts, index);
        if (i < 0) i = ~i - 1;
        // Empty inputs share their first index with the next one: step to the input that holds records.
        while (_sources[i].Count == 0 || index - _firsts[i] >= _sources[i].Count) i++;
        return i;
    }

    private void ReadSpanning(int start, int count, Span<float> destination, Span<bool> valid, bool check)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)start + count > Count) throw new ArgumentOutOfRangeException(nameof(count), $"records {start}..{start + count - 1} are outside the {Count} records of {Path}");
        int length = LeadCount * SampleCount;
        if (destination.Length < (long)count * length)
            throw new ArgumentException($"destination holds {destination.Length} floats, {(long)count * length} needed", nameof(destination));
        int done = 0;
        while (done < count)
        {
            int index = start + done;
            int i = InputOf(index);
            int row = index - _firsts[i];
            int take = Math.Min(count - done, _sources[i].Count - row);
            var block = destination.Slice(done * length, take * length);
            if (check) _sources[i].ReadBlock(row, take, block);
            else _sources[i].ReadBlock(row, take, block, valid.Slice(done, take));
            done += take;
        }
    }

    /// <summary>Records <c>[first, first + count)</c> of a set, as a source of their own.</summary>
    private sealed class EcgSourceRange(EcgInputSet set, int first, int count) : IEcgSource
    {
        public string Path => set.Path;
        public int Count => count;
        public double SampleRate => set.SampleRate;
        public int SampleCount => set.SampleCount;
        public int LeadCount => set.LeadCount;
        public string GetId(int index) => set.GetId(Global(index, 1));
        public (string File, long Row) GetLocation(int index) => set.GetLocation(Global(index, 1));
        public void ReadBlock(int start, int n, Span<float> destination) => set.ReadBlock(Global(start, n), n, destination);
        public void ReadBlock(int start, int n, Span<float> destination, Span<bool> valid) => set.ReadBlock(Global(start, n), n, destination, valid);
        public EcgRecord Read(int index) => set.Read(Global(index, 1));

        // The set's files belong to the set.
        public void Dispose() { }

        private int Global(int start, int n)
        {
            if (start < 0 || n < 0 || (long)start + n > count)
                throw new ArgumentOutOfRangeException(nameof(start), $"records {start}..{start + n - 1} are outside the {count} records of this range");
            return first + start;
        }
    }
}
