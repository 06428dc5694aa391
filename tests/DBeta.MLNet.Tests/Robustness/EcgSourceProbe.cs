
namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Reads what a fuzz case's ECG source claims to hold (the first records and the last, so a source claiming millions
/// of rows stays quick) and checks what every source promises: 12 leads, an id per record, the NaN flags of
/// <see cref="IEcgSource.ReadBlock(int, int, Span{float}, Span{bool})"/> agreeing with the rejecting read, and a
/// rejection that names the record.
/// </summary>
internal static class EcgSourceProbe
{
    private const int FirstRecords = 6;

    /// <summary>The record indices read and their lead-major values.</summary>
    public static List<(int Index, float[] Values)> Read(IEcgSource source)
    {
        Check(source.LeadCount == 12, $"LeadCount is {source.LeadCount}");
        Check(source.Count >= 0, $"Count is {source.Count}");
        Check(source.SampleCount >= 0, $"SampleCount is {source.SampleCount}");
        Check(source.SampleRate > 0 && double.IsFinite(source.SampleRate), $"SampleRate is {source.SampleRate}");
        int length = checked(source.LeadCount * source.SampleCount);
        var indices = Enumerable.Range(0, Math.Min(FirstRecords, source.Count)).ToList();
        if (source.Count > FirstRecords) indices.Add(source.Count - 1);

        var result = new List<(int, float[])>();
        int firstCount = Math.Min(FirstRecords, source.Count);
        var block = new float[(long)firstCount * length];
        var valid = new bool[firstCount];
        if (firstCount > 0) source.ReadBlock(0, firstCount, block, valid);
        foreach (int i in indices)
        {
            Check(source.GetId(i) is { Length: > 0 }, $"record {i} has no id");
            float[] values;
            bool ok;
            if (i < firstCount)
            {
                values = block.AsSpan(i * length, length).ToArray();
                ok = valid[i];
            }
            else
            {
                values = new float[length];
                var flag = new bool[1];
                source.ReadBlock(i, 1, values, flag);
                ok = flag[0];
            }
            Check(ok == values.All(float.IsFinite), $"record {i}: valid flag {ok} disagrees with its values");
            try
            {
                var record = source.Read(i);
                Check(ok, $"record {i} holds NaN/Inf but Read did not reject it");
                Check(record.Samples.Length == length && record.Samples.AsSpan().SequenceEqual(values), $"record {i}: Read and ReadBlock differ");
            }
            catch (EcgDataException e) when (!ok)
            {
                Check(e.Record is not null && e.Message.Contains("record " + e.Record, StringComparison.Ordinal), $"record {i}: the NaN rejection does not name the record: {e.Message}");
            }
            result.Add((i, values));
        }
        return result;
    }

    public static void Check(bool condition, string problem)
    {
        if (!condition) throw new FuzzInvariantException(problem);
    }
}
