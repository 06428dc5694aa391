namespace DBeta.MLNet;

/// <summary>
/// The records of another source under the ids a dataset's index gives them (PTB-XL's <c>ecg_id</c> for record
/// <c>00001_lr</c>); reads go straight to the inner source, which this one owns.
/// </summary>
internal sealed class IdMappedEcgSource : IEcgSource
{
    private readonly IEcgSource _inner;
    private readonly IReadOnlyList<string> _ids;

    /// <summary>Wraps <paramref name="inner"/>, whose record <c>i</c> becomes <paramref name="ids"/>[i]; <paramref name="path"/> is the dataset's.</summary>
    public IdMappedEcgSource(IEcgSource inner, IReadOnlyList<string> ids, string path)
    {
        if (ids.Count != inner.Count)
            throw new ArgumentException($"{ids.Count} ids for the {inner.Count} records of {inner.Path}", nameof(ids));
        _inner = inner;
        _ids = ids;
        Path = path;
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public int Count => _inner.Count;

    /// <inheritdoc/>
    public double SampleRate => _inner.SampleRate;

    /// <inheritdoc/>
    public int SampleCount => _inner.SampleCount;

    /// <inheritdoc/>
    public int LeadCount => _inner.LeadCount;

    /// <inheritdoc/>
    public string GetId(int index) => _ids[index];

    /// <summary>The inner source's: the record's own file, not the dataset's folder.</summary>
    public (string File, long Row) GetLocation(int index) => _inner.GetLocation(index);

    /// <inheritdoc/>
    public void ReadBlock(int start, int count, Span<float> destination) => _inner.ReadBlock(start, count, destination);

    /// <inheritdoc/>
    public void ReadBlock(int start, int count, Span<float> destination, Span<bool> valid) => _inner.ReadBlock(start, count, destination, valid);

    /// <inheritdoc/>
    public EcgRecord Read(int index)
    {
        var record = _inner.Read(index);
        return new EcgRecord(_ids[index], record.SampleRate, record.Samples, record.LeadCount);
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();
}
