using System.Numerics;

namespace DBeta.MLNet;

/// <summary>
/// Base of the ECG sources: argument checks, the NaN/infinity check and <see cref="Read"/> are done here, so a
/// format only implements <see cref="ReadRecords"/> (raw values, lead-major). Derive from it to add a format.
/// </summary>
internal abstract class EcgSource : IEcgSource
{
    /// <summary>Creates a source for <paramref name="path"/>.</summary>
    protected EcgSource(string path) => Path = path;

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public abstract int Count { get; }

    /// <inheritdoc/>
    public abstract double SampleRate { get; }

    /// <inheritdoc/>
    public abstract int SampleCount { get; }

    /// <inheritdoc/>
    public int LeadCount => DBetaConfig.LeadCount;

    /// <inheritdoc/>
    public abstract string GetId(int index);

    /// <summary>The record's file and row; here <see cref="Path"/> and the index, as for a file of many records.</summary>
    public virtual (string File, long Row) GetLocation(int index) => (Path, index);

    /// <inheritdoc/>
    public void ReadBlock(int start, int count, Span<float> destination)
    {
        var block = ReadChecked(start, count, destination);
        int length = LeadCount * SampleCount;
        for (int i = 0; i < count; i++)
        {
            var record = block.Slice(i * length, length);
            int bad = IndexOfNonFinite(record);
            if (bad >= 0) throw InvalidValue(start + i, bad, record[bad]);
        }
    }

    /// <inheritdoc/>
    public void ReadBlock(int start, int count, Span<float> destination, Span<bool> valid)
    {
        if (valid.Length < count)
            throw new ArgumentException($"valid holds {valid.Length} flags, {count} needed", nameof(valid));
        var block = ReadChecked(start, count, destination);
        int length = LeadCount * SampleCount;
        for (int i = 0; i < count; i++) valid[i] = IndexOfNonFinite(block.Slice(i * length, length)) < 0;
    }

    /// <inheritdoc/>
    public EcgRecord Read(int index)
    {
        var samples = new float[LeadCount * SampleCount];
        ReadBlock(index, 1, samples);
        return new EcgRecord(GetId(index), SampleRate, samples, LeadCount);
    }

    /// <summary>Closes the files held.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Reads records <c>[start, start + count)</c> as stored (no value check) into <paramref name="destination"/>,
    /// exactly <c>count * LeadCount * SampleCount</c> floats, lead-major. Arguments are already checked.
    /// </summary>
    protected abstract void ReadRecords(int start, int count, Span<float> destination);

    /// <summary>The file that holds record <paramref name="index"/>, named in errors (defaults to <see cref="Path"/>).</summary>
    protected virtual string FileOf(int index) => Path;

    /// <summary>Releases the files held when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing) { }

    /// <summary>How errors name record <paramref name="index"/>: its id, and the row when the id is not the row.</summary>
    protected virtual string DescribeRecord(int index)
    {
        string id = GetId(index);
        return id == index.ToString(System.Globalization.CultureInfo.InvariantCulture) ? id : $"{id} (row {index})";
    }

    /// <summary>Transposes <paramref name="count"/> records from time-major <c>[T, 12]</c> (CODE's order) to lead-major <c>[12, T]</c>.</summary>
    protected static void TimeMajorToLeadMajor(ReadOnlySpan<float> timeMajor, Span<float> leadMajor, int count, int sampleCount)
    {
        int leads = DBetaConfig.LeadCount, length = leads * sampleCount;
        for (int r = 0; r < count; r++)
        {
            var src = timeMajor.Slice(r * length, length);
            var dst = leadMajor.Slice(r * length, length);
            for (int lead = 0; lead < leads; lead++)
            {
                var row = dst.Slice(lead * sampleCount, sampleCount);
                for (int s = 0, k = lead; s < sampleCount; s++, k += leads) row[s] = src[k];
            }
        }
    }

    /// <summary>Index of the first NaN or infinite value in <paramref name="values"/>, or -1.</summary>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        // x * 0 is 0 for finite x and NaN for NaN or infinity, so one vector sum screens the whole record.
        var acc = Vector<float>.Zero;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector<float>>(values);
            foreach (var v in vectors) acc += v * Vector<float>.Zero;
            i = vectors.Length * Vector<float>.Count;
        }
        bool vectorClean = Vector.EqualsAll(acc, Vector<float>.Zero);
        for (int j = vectorClean ? i : 0; j < values.Length; j++)
            if (!float.IsFinite(values[j])) return j;
        return -1;
    }

    private Span<float> ReadChecked(int start, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)start + count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), $"records {start}..{start + count - 1} are outside the {Count} records of {Path}");
        long needed = (long)count * LeadCount * SampleCount;
        if (destination.Length < needed)
            throw new ArgumentException($"destination holds {destination.Length} floats, {needed} needed ([{count}, {LeadCount}, {SampleCount}])", nameof(destination));
        var block = destination[..(int)needed];
        if (count > 0) ReadRecords(start, count, block);
        return block;
    }

    private EcgDataException InvalidValue(int index, int offset, float value)
    {
        string lead = EcgLeads.Standard[offset / SampleCount];
        string what = float.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        return new EcgDataException(FileOf(index),
            $"lead {lead} sample {offset % SampleCount} is {what}; fix the file or load it with InvalidValues = Drop to skip such records",
            DescribeRecord(index));
    }
}
