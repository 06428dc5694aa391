using System.Buffers;

namespace DBeta.MLNet;

/// <summary>One causal pass over <paramref name="signal"/> in place, from the step steady state scaled by <paramref name="initial"/>.</summary>
internal delegate void FilterPass(Span<double> signal, Span<double> state, double initial);

/// <summary>
/// SciPy's zero-phase scheme shared by <c>filtfilt(method="pad")</c> and <c>sosfiltfilt</c>: the signal is extended at each
/// end by <c>edge</c> samples of odd reflection (<c>odd_ext</c>: <c>2 x[0] - x[k]</c> before, <c>2 x[n-1] - x[n-1-k]</c> after,
/// so a filter started from a steady state meets no step), filtered forward, filtered again over the reversed result,
/// each pass starting from the steady state times its own first sample, and the extension cut off.
/// </summary>
internal static class ForwardBackward
{
    /// <summary>Runs <paramref name="pass"/> forward and backward over <paramref name="signal"/> extended by <paramref name="edge"/> samples at each end.</summary>
    public static void Run(ReadOnlySpan<double> signal, Span<double> output, int edge, int stateLength, FilterPass pass)
    {
        if (output.Length != signal.Length)
            throw new ArgumentException($"expected {signal.Length} output samples, got {output.Length}", nameof(output));
        int extendedLength = signal.Length + 2 * edge;
        var pool = ArrayPool<double>.Shared;
        double[] extended = pool.Rent(extendedLength);
        double[] state = pool.Rent(stateLength);
        try
        {
            var work = extended.AsSpan(0, extendedLength);
            var delays = state.AsSpan(0, stateLength);
            OddExtend(signal, edge, work);
            pass(work, delays, work[0]);
            work.Reverse();
            pass(work, delays, work[0]);
            work.Reverse();
            work.Slice(edge, signal.Length).CopyTo(output);
        }
        finally
        {
            pool.Return(state);
            pool.Return(extended);
        }
    }

    /// <summary>Writes <paramref name="signal"/> with <paramref name="edge"/> odd-reflected samples at each end into <paramref name="extended"/>.</summary>
    internal static void OddExtend(ReadOnlySpan<double> signal, int edge, Span<double> extended)
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
