namespace DBeta.MLNet;

/// <summary>
/// The chosen rows of several CODE-15% HDF5 parts as one source, in the order given: runs of consecutive rows of one
/// part are read with one hyperslab each, so skipping a padding row costs nothing.
/// </summary>
/// <remarks>Not thread-safe: open one source per thread.</remarks>
internal sealed class Code15EcgSource : EcgSource
{
    private readonly Hdf5EcgSource[] _parts;
    private readonly int[] _partOf;
    private readonly int[] _rowOf;
    private readonly string[] _ids;
    private bool[] _valid = [];

    /// <summary>Opens <paramref name="partPaths"/>; record <c>i</c> is row <paramref name="rows"/>[i] of part <paramref name="parts"/>[i].</summary>
    /// <exception cref="EcgDataException">A part is not a CODE-layout HDF5 file, or the parts differ in length.</exception>
    public Code15EcgSource(string path, IReadOnlyList<string> partPaths, int[] parts, int[] rows, string[] ids, double sampleRate) : base(path)
    {
        _partOf = parts;
        _rowOf = rows;
        _ids = ids;
        SampleRate = sampleRate;
        _parts = new Hdf5EcgSource[partPaths.Count];
        try
        {
            for (int p = 0; p < _parts.Length; p++)
            {
                _parts[p] = new Hdf5EcgSource(partPaths[p], new Hdf5EcgLoaderOptions { SampleRate = sampleRate });
                if (_parts[p].SampleCount != _parts[0].SampleCount)
                    throw new EcgDataException(partPaths[p], $"holds {_parts[p].SampleCount} samples per lead but {partPaths[0]} holds {_parts[0].SampleCount}; the parts of one dataset must agree");
            }
        }
        catch
        {
            foreach (var part in _parts) part?.Dispose();
            throw;
        }
        SampleCount = _parts.Length > 0 ? _parts[0].SampleCount : 0;
    }

    /// <inheritdoc/>
    public override int Count => _ids.Length;

    /// <inheritdoc/>
    public override double SampleRate { get; }

    /// <inheritdoc/>
    public override int SampleCount { get; }

    /// <inheritdoc/>
    public override string GetId(int index) => _ids[index];

    /// <inheritdoc/>
    protected override string FileOf(int index) => _parts[_partOf[index]].Path;

    /// <summary>The exam's HDF5 part and its row there, not the dataset's folder and its position in the dataset.</summary>
    public override (string File, long Row) GetLocation(int index) => (_parts[_partOf[index]].Path, _rowOf[index]);

    /// <summary>Errors name an exam by its id and its row in the part.</summary>
    protected override string DescribeRecord(int index) => $"{_ids[index]} (row {_rowOf[index]})";

    /// <inheritdoc/>
    protected override void ReadRecords(int start, int count, Span<float> destination)
    {
        int length = DBetaConfig.LeadCount * SampleCount;
        if (_valid.Length < count) _valid = new bool[count];
        int i = 0;
        while (i < count)
        {
            int part = _partOf[start + i], row = _rowOf[start + i], run = 1;
            while (i + run < count && _partOf[start + i + run] == part && _rowOf[start + i + run] == row + run) run++;
            // The values are checked once, by this source's caller, so the part reads without its own check.
            _parts[part].ReadBlock(row, run, destination.Slice(i * length, run * length), _valid);
            i += run;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var part in _parts) part.Dispose();
    }
}
