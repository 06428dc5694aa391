namespace DBeta.MLNet;

/// <summary>Records held in memory (lead-major, one rate and length), as a source for an <see cref="EcgDataView"/>: variants a caller made, e.g. occluded copies of one ECG.</summary>
internal sealed class InMemoryEcgSource : EcgSource
{
    private readonly IReadOnlyList<string> _ids;
    private readonly IReadOnlyList<float[]> _records;

    public InMemoryEcgSource(string path, IReadOnlyList<string> ids, IReadOnlyList<float[]> records, double sampleRate, int sampleCount) : base(path)
    {
        if (ids.Count != records.Count) throw new ArgumentException($"{ids.Count} ids for {records.Count} records", nameof(ids));
        if (records.Any(r => r.Length != DBetaConfig.LeadCount * sampleCount))
            throw new ArgumentException($"every record must hold {DBetaConfig.LeadCount} x {sampleCount} values", nameof(records));
        _ids = ids;
        _records = records;
        SampleRate = sampleRate;
        SampleCount = sampleCount;
    }

    public override int Count => _records.Count;

    public override double SampleRate { get; }

    public override int SampleCount { get; }

    public override string GetId(int index) => _ids[index];

    protected override void ReadRecords(int start, int count, Span<float> destination)
    {
        int length = DBetaConfig.LeadCount * SampleCount;
        for (int r = 0; r < count; r++) _records[start + r].CopyTo(destination.Slice(r * length, length));
    }
}
