namespace DBeta.MLNet;

/// <summary>
/// Per-lead z-score of one record: <c>(x - mean) / std</c> with the population standard deviation, computed in double.
/// D-BETA feeds raw millivolts, so its pipeline leaves this off.
/// </summary>
internal static class EcgLeadStandardizer
{
    /// <summary>Leads whose standard deviation is below this (in input units) are only centred, not scaled: a flat or missing lead stays zero.</summary>
    public const double DefaultMinimumStandardDeviation = 1e-6;

    /// <summary>
    /// Standardises each of <paramref name="leadCount"/> lead-major leads of <paramref name="input"/> into
    /// <paramref name="output"/> (same length; the two may be the same memory).
    /// </summary>
    public static void Standardize(ReadOnlySpan<float> input, Span<float> output, int leadCount,
        double minimumStandardDeviation = DefaultMinimumStandardDeviation)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(leadCount);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumStandardDeviation);
        if (input.Length % leadCount != 0)
            throw new ArgumentException($"{input.Length} samples do not divide into {leadCount} leads", nameof(input));
        if (output.Length != input.Length)
            throw new ArgumentException($"expected {input.Length} output samples, got {output.Length}", nameof(output));
        int length = input.Length / leadCount;
        if (length == 0) return;
        for (int lead = 0; lead < leadCount; lead++)
        {
            var source = input.Slice(lead * length, length);
            var target = output.Slice(lead * length, length);
            double sum = 0;
            foreach (float v in source) sum += v;
            double mean = sum / length;
            double squares = 0;
            foreach (float v in source) squares += (v - mean) * (v - mean);
            double std = Math.Sqrt(squares / length);
            double scale = std >= minimumStandardDeviation && std > 0 ? 1.0 / std : 1.0;
            for (int t = 0; t < length; t++) target[t] = (float)((source[t] - mean) * scale);
        }
    }
}
