namespace DBeta.MLNet;

/// <summary>
/// A moving average of <see cref="Taps"/> samples run forward and backward, as
/// <c>scipy.signal.filtfilt(np.ones(taps), [taps], x, method="pad")</c> runs it: odd extension of
/// <see cref="PadLength"/> = <c>3 * taps</c> samples at each end, each pass from the step steady state
/// (<c>lfilter_zi</c>) scaled by its first sample, transposed direct form with coefficients <c>1 / taps</c>.
/// One tap is the identity and passes the signal through (SciPy's <c>filtfilt</c> raises on it instead).
/// Immutable and safe to share between threads.
/// </summary>
internal sealed class ZeroPhaseMovingAverage
{
    private readonly double _coefficient;
    private readonly double[] _steadyState;
    private readonly FilterPass _pass;

    /// <summary>Samples averaged.</summary>
    public int Taps { get; }

    /// <summary>Samples of odd reflection added at each end: <c>3 * taps</c>, SciPy's default for <c>filtfilt</c>; 0 for one tap.</summary>
    public int PadLength => Taps > 1 ? 3 * Taps : 0;

    /// <summary>The shortest signal <see cref="FilterForwardBackward"/> accepts: SciPy needs more samples than the padding.</summary>
    public int MinimumLength => PadLength + 1;

    public ZeroPhaseMovingAverage(int taps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(taps);
        Taps = taps;
        _coefficient = 1.0 / taps;
        // The delays at rest under a constant 1: delay k holds the coefficients after it, summed from the end as LAPACK's back-substitution does.
        _steadyState = new double[Math.Max(taps - 1, 0)];
        double sum = 0;
        for (int k = taps - 2; k >= 0; k--) _steadyState[k] = sum += _coefficient;
        _pass = Run;
    }

    /// <summary>Zero-phase averaging of <paramref name="signal"/> into <paramref name="output"/> (same length; they may be the same memory).</summary>
    /// <exception cref="ArgumentException">The signal has <see cref="PadLength"/> samples or fewer, or the lengths differ.</exception>
    public void FilterForwardBackward(ReadOnlySpan<double> signal, Span<double> output)
    {
        if (output.Length != signal.Length)
            throw new ArgumentException($"expected {signal.Length} output samples, got {output.Length}", nameof(output));
        if (signal.Length <= PadLength)
            throw new ArgumentException($"{signal.Length} samples are too few for a zero-phase {Taps}-sample moving average: it pads each end by {PadLength} and needs at least {MinimumLength}", nameof(signal));
        if (Taps == 1)
        {
            signal.CopyTo(output);
            return;
        }
        ForwardBackward.Run(signal, output, PadLength, _steadyState.Length, _pass);
    }

    /// <summary>One pass in place, transposed direct form: y = b x + z0, then each delay takes the next one plus b x.</summary>
    private void Run(Span<double> x, Span<double> state, double initial)
    {
        for (int k = 0; k < state.Length; k++) state[k] = _steadyState[k] * initial;
        double b = _coefficient;
        int last = state.Length - 1;
        for (int n = 0; n < x.Length; n++)
        {
            double value = x[n];
            double y = b * value + state[0];
            for (int k = 0; k < last; k++) state[k] = state[k + 1] + value * b;
            state[last] = value * b;
            x[n] = y;
        }
    }
}
