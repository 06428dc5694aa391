namespace DBeta.MLNet;

/// <summary>The median of a sample: the middle value, or the mean of the two middle values of an even count.</summary>
internal static class SampleMedian
{
    /// <exception cref="ArgumentException">No values.</exception>
    public static double Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("the median of no values", nameof(values));
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
