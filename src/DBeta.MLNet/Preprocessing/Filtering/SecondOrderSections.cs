namespace DBeta.MLNet;

/// <summary>
/// A cascade of second-order IIR sections in SciPy's <c>sos</c> layout (<c>b0 b1 b2 1 a1 a2</c> per section), run as
/// <c>scipy.signal.sosfiltfilt</c> runs it by default: the signal is extended at each end by <see cref="PadLength"/>
/// samples of odd reflection (<c>2 x[0] - x[k]</c>), filtered forward and then backward, each pass starting from the
/// steady state of a step (<c>sosfilt_zi</c>) scaled by that pass's first sample, and the extension cut off again.
/// Each section runs in transposed direct form II. Immutable and safe to share between threads.
/// </summary>
internal sealed class SecondOrderSections
{
    private readonly double[] _coefficients;
    private readonly double[] _steadyState;
    private readonly FilterPass _pass;

    /// <summary>Sections in the cascade.</summary>
    public int Count => _coefficients.Length / 6;

    /// <summary>
    /// Samples of odd reflection added at each end: SciPy's default <c>3 * (2 * sections + 1 - k)</c>, where k counts the
    /// sections whose b2 and a2 are both zero (first-order sections), taken as the smaller of the two counts.
    /// </summary>
    public int PadLength { get; }

    /// <summary>The shortest signal <see cref="FilterForwardBackward"/> accepts: SciPy needs more samples than the padding.</summary>
    public int MinimumLength => PadLength + 1;

    /// <summary>The coefficients, six per section, as <c>scipy.signal.butter(..., output="sos")</c> lays them out.</summary>
    public ReadOnlySpan<double> Coefficients => _coefficients;

    public SecondOrderSections(double[] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.Length == 0 || coefficients.Length % 6 != 0)
            throw new ArgumentException($"expected six coefficients per section, got {coefficients.Length}", nameof(coefficients));
        for (int s = 0; s < coefficients.Length / 6; s++)
            if (coefficients[s * 6 + 3] != 1) throw new ArgumentException($"section {s}: a0 must be 1, got {coefficients[s * 6 + 3]}", nameof(coefficients));
        _coefficients = (double[])coefficients.Clone();
        int zeroB2 = 0, zeroA2 = 0;
        for (int s = 0; s < Count; s++)
        {
            if (_coefficients[s * 6 + 2] == 0) zeroB2++;
            if (_coefficients[s * 6 + 5] == 0) zeroA2++;
        }
        PadLength = 3 * (2 * Count + 1 - Math.Min(zeroB2, zeroA2));
        _steadyState = SteadyState(_coefficients);
        _pass = Run;
    }

    /// <summary>
    /// The two delay values per section that hold the cascade at rest under a constant input of 1 (<c>sosfilt_zi</c>):
    /// each section's own step steady state, scaled by the DC gain of the sections before it.
    /// </summary>
    private static double[] SteadyState(double[] sos)
    {
        var state = new double[sos.Length / 3];
        double scale = 1;
        for (int s = 0; s < sos.Length / 6; s++)
        {
            double b0 = sos[s * 6], b1 = sos[s * 6 + 1], b2 = sos[s * 6 + 2], a1 = sos[s * 6 + 4], a2 = sos[s * 6 + 5];
            double gain = (b0 + b1 + b2) / (1 + a1 + a2);
            // With input 1 and output gain for ever: z1 = b2 - a2 * gain, z0 = gain - b0.
            state[s * 2] = scale * (gain - b0);
            state[s * 2 + 1] = scale * (b2 - a2 * gain);
            scale *= gain;
        }
        return state;
    }

    /// <summary>
    /// Zero-phase filtering of <paramref name="signal"/> into <paramref name="output"/> (same length; they may be the same memory),
    /// as <c>scipy.signal.sosfiltfilt(sos, signal)</c> with its defaults.
    /// </summary>
    /// <exception cref="ArgumentException">The signal has <see cref="PadLength"/> samples or fewer, or the lengths differ.</exception>
    public void FilterForwardBackward(ReadOnlySpan<double> signal, Span<double> output)
    {
        if (signal.Length <= PadLength)
            throw new ArgumentException($"{signal.Length} samples are too few for this zero-phase filter: it pads each end by {PadLength} and needs at least {MinimumLength}", nameof(signal));
        ForwardBackward.Run(signal, output, PadLength, _steadyState.Length, _pass);
    }

    /// <summary>One pass in place from the steady state scaled by <paramref name="initial"/>, section by section per sample, as SciPy's <c>sosfilt</c> loops.</summary>
    private void Run(Span<double> x, Span<double> state, double initial)
    {
        int sections = Count;
        for (int i = 0; i < _steadyState.Length; i++) state[i] = _steadyState[i] * initial;
        var c = _coefficients;
        for (int n = 0; n < x.Length; n++)
        {
            double value = x[n];
            for (int s = 0; s < sections; s++)
            {
                int k = s * 6, z = s * 2;
                double y = c[k] * value + state[z];
                state[z] = c[k + 1] * value - c[k + 4] * y + state[z + 1];
                state[z + 1] = c[k + 2] * value - c[k + 5] * y;
                value = y;
            }
            x[n] = value;
        }
    }
}
