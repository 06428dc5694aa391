using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// ECGs from a NumPy <c>.npy</c> array <c>[N, 12, T]</c> or <c>[N, T, 12]</c> (float32 or float64, C order), as
/// <see cref="NpyEcgLoaderOptions.Layout"/> says; the sample rate and ids come from the options.
/// </summary>
/// <remarks>Not thread-safe: open one source per thread.</remarks>
internal sealed class NpyEcgSource : EcgSource
{
    private readonly NpyReader _reader;
    private readonly NpyEcgLayout _layout;
    private readonly string[]? _ids;
    private float[] _timeMajor = [];

    /// <summary>Opens <paramref name="path"/> and checks its shape against the layout.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file is not a float32/float64 C-order .npy file of the layout's shape.</exception>
    /// <exception cref="ArgumentException">The options' sample rate is not positive, or the ids do not match the record count.</exception>
    public NpyEcgSource(string path, NpyEcgLoaderOptions options) : base(path)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.SampleRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), "SampleRate must be positive");
        if (!File.Exists(path)) throw new FileNotFoundException($".npy file not found: {path}", path);
        _layout = options.Layout;
        SampleRate = options.SampleRate;
        _reader = NpyReader.Open(path, EcgDataException.ForFile);
        try
        {
            var shape = _reader.Shape;
            string expected = _layout == NpyEcgLayout.LeadMajor ? "[N, 12, T]" : "[N, T, 12]";
            if (shape.Count != 3)
                throw new EcgDataException(path, $"array has rank {shape.Count} (shape {NpyReader.ShapeText(shape)}), expected {expected} ({_layout})");
            long leads = _layout == NpyEcgLayout.LeadMajor ? shape[1] : shape[2];
            long samples = _layout == NpyEcgLayout.LeadMajor ? shape[2] : shape[1];
            if (leads != DBetaConfig.LeadCount)
                throw new EcgDataException(path, $"array has shape {NpyReader.ShapeText(shape)} but layout {_layout} expects {expected} with 12 leads");
            if (shape[0] > int.MaxValue || samples * DBetaConfig.LeadCount > Array.MaxLength / 64)
                throw new EcgDataException(path, $"array shape {NpyReader.ShapeText(shape)} is too large to read record by record");
            Count = (int)shape[0];
            SampleCount = (int)samples;
            if (options.Ids is { } ids)
            {
                if (ids.Count != Count)
                    throw new ArgumentException($"{ids.Count} ids given for the {Count} records of {path}", nameof(options));
                _ids = [.. ids];
            }
        }
        catch
        {
            _reader.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override int Count { get; }

    /// <inheritdoc/>
    public override double SampleRate { get; }

    /// <inheritdoc/>
    public override int SampleCount { get; }

    /// <inheritdoc/>
    public override string GetId(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _ids?[index] ?? index.ToString(CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    protected override void ReadRecords(int start, int count, Span<float> destination)
    {
        if (_layout == NpyEcgLayout.LeadMajor)
        {
            _reader.ReadRows(start, count, destination);
            return;
        }
        int length = SampleCount * DBetaConfig.LeadCount;
        if (_timeMajor.Length < count * length) _timeMajor = new float[count * length];
        _reader.ReadRows(start, count, _timeMajor);
        TimeMajorToLeadMajor(_timeMajor, destination, count, SampleCount);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _reader.Dispose();
    }
}
