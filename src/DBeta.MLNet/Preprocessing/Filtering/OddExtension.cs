namespace DBeta.MLNet;

/// <summary>
/// SciPy's <c>odd_ext</c>, the default padding of <c>filtfilt</c> and <c>sosfiltfilt</c>: <c>edge</c> samples at each end,
/// reflected through the end sample (<c>2 x[0] - x[k]</c> before, <c>2 x[n-1] - x[n-1-k]</c> after), so a filter run
/// from a steady state meets no step at the ends.
/// </summary>
internal static class OddExtension
{
    /// <summary>Writes <paramref name="signal"/> with <paramref name="edge"/> reflected samples at each end into <paramref name="extended"/>.</summary>
    public static void Extend(ReadOnlySpan<double> signal, int edge, Span<double> extended)
    {
        int n = signal.Length;
        if (edge < 0 || edge >= n) throw new ArgumentOutOfRangeException(nameof(edge), edge, $"the edge must be 0 to {n - 1} for {n} samples");
        if (extended.Length != n + 2 * edge)
            throw new ArgumentException($"expected {n + 2 * edge} extended samples, got {extended.Length}", nameof(extended));
        double first = signal[0], last = signal[n - 1];
        for (int k = 1; k <= edge; k++)
        {
            extended[edge - k] = 2 * first - signal[k];
            extended[edge + n - 1 + k] = 2 * last - signal[n - 1 - k];
        }
        signal.CopyTo(extended.Slice(edge, n));
    }
}
