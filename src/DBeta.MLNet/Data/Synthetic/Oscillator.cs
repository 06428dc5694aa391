namespace DBeta.MLNet;

/// <summary>
/// A sampled sinusoid advanced by complex rotation: one sine and cosine at construction, then four multiplications per
/// sample (the recurrence's rounding drift stays far below 1e-10 over a recording).
/// </summary>
internal struct Oscillator
{
    private readonly double _cosStep, _sinStep;
    private double _cos, _sin;

    /// <summary>sin(2 pi <paramref name="hz"/> t + <paramref name="phase"/>) sampled at <paramref name="sampleRate"/>, starting at t = 0.</summary>
    public Oscillator(double hz, double phase, double sampleRate)
    {
        double step = 2 * Math.PI * hz / sampleRate;
        _cosStep = PortableMath.Cos(step);
        _sinStep = PortableMath.Sin(step);
        _cos = PortableMath.Cos(phase);
        _sin = PortableMath.Sin(phase);
    }

    /// <summary>The current value; then advances one sample.</summary>
    public double Next()
    {
        double value = _sin;
        double c = _cos * _cosStep - _sin * _sinStep;
        _sin = _sin * _cosStep + _cos * _sinStep;
        _cos = c;
        return value;
    }
}
