namespace DBeta.MLNet;

/// <summary>
/// QRS onset times of a rhythm. Sinus rhythm: RR modulated by respiration (respiratory sinus arrhythmia, the HF peak)
/// and by the 0.1 Hz Mayer wave (the LF peak), as in ECGSYN's RR spectrum, with a little white jitter. Atrial
/// fibrillation: independent, log-normally spread RR intervals (irregularly irregular).
/// Each call re-creates its generator from <c>seed</c>, so a rescaled mean RR reuses the same random draws.
/// </summary>
internal sealed class RrProcess
{
    private readonly ulong _seed;
    private readonly bool _fibrillation;
    private readonly double _respirationHz, _rsaDepth, _mayerDepth, _spread;

    private RrProcess(ulong seed, bool fibrillation, double respirationHz, double rsaDepth, double mayerDepth, double spread)
    {
        _seed = seed;
        _fibrillation = fibrillation;
        _respirationHz = respirationHz;
        _rsaDepth = rsaDepth;
        _mayerDepth = mayerDepth;
        _spread = spread;
    }

    /// <summary>Sinus rhythm with respiratory (relative depth <paramref name="rsaDepth"/>) and Mayer-wave modulation.</summary>
    public static RrProcess Sinus(ulong seed, double respirationHz, double rsaDepth, double mayerDepth) =>
        new(seed, false, respirationHz, rsaDepth, mayerDepth, 0.008);

    /// <summary>Atrial fibrillation with RR coefficient of variation about <paramref name="spread"/>.</summary>
    public static RrProcess Fibrillation(ulong seed, double spread) => new(seed, true, 0, 0, 0, spread);

    /// <summary>QRS onsets (seconds) from before <paramref name="start"/> to past <paramref name="end"/>, mean RR <paramref name="meanRr"/>.</summary>
    public List<double> Onsets(double meanRr, double start, double end)
    {
        var rng = new Xoshiro256StarStar(_seed);
        double respPhase = rng.Uniform(0, 2 * Math.PI), mayerPhase = rng.Uniform(0, 2 * Math.PI);
        var onsets = new List<double>();
        double t = start - rng.Uniform(0, meanRr);
        while (t < end)
        {
            onsets.Add(t);
            double rr;
            if (_fibrillation)
            {
                double s = _spread;
                rr = meanRr * PortableMath.Exp(s * Math.Clamp(rng.Normal(), -2.5, 2.5) - 0.5 * s * s);
                rr = Math.Max(rr, 0.26); // the AV node's refractory period bounds the ventricular rate
            }
            else
            {
                rr = meanRr * (1
                    + _rsaDepth * PortableMath.Sin(2 * Math.PI * _respirationHz * t + respPhase)
                    + _mayerDepth * PortableMath.Sin(2 * Math.PI * 0.1 * t + mayerPhase)
                    + _spread * Math.Clamp(rng.Normal(), -3, 3));
            }
            t += rr;
        }
        return onsets;
    }

    /// <summary>Mean heart rate (bpm) of the onsets inside [0, <paramref name="duration"/>): 60 (n - 1) / span.</summary>
    public static double HeartRate(IReadOnlyList<double> onsets, double duration, out int first, out int last)
    {
        first = -1;
        last = -1;
        for (int i = 0; i < onsets.Count; i++)
        {
            if (onsets[i] < 0 || onsets[i] >= duration) continue;
            if (first < 0) first = i;
            last = i;
        }
        return last > first ? 60.0 * (last - first) / (onsets[last] - onsets[first]) : double.NaN;
    }
}
