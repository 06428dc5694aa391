namespace DBeta.MLNet;

/// <summary>
/// The wave events of one patient's beats: P (right then left atrium), the QRS as a sequence of dipoles sweeping the
/// ventricular activation loop, and an asymmetric T. Times are seconds from QRS onset; the P sits <c>PR</c> before it,
/// the QRS spans <c>QrsDuration</c>, and the T ends at the Bazett-corrected QT of the preceding RR interval.
/// </summary>
internal sealed class BeatMorphology
{
    private readonly WaveEvent[] _atrial;
    private readonly WaveEvent[] _ventricular;
    private readonly Dipole _t;
    private readonly double _qtc, _tRise, _tFall;

    /// <summary>QRS duration in seconds.</summary>
    public double QrsDuration { get; }

    /// <summary>PR interval (P onset to QRS onset) in seconds; NaN when the beats have no P wave.</summary>
    public double PrInterval { get; }

    /// <summary>Rate-corrected QT (Bazett) in seconds.</summary>
    public double QTc => _qtc;

    /// <summary>Builds the events for one patient.</summary>
    /// <param name="conduction">Ventricular conduction, which picks the QRS and ST-T template.</param>
    /// <param name="qrsDuration">QRS duration, seconds.</param>
    /// <param name="prInterval">PR interval, seconds; NaN for no P wave (atrial fibrillation).</param>
    /// <param name="pDuration">P wave duration, seconds.</param>
    /// <param name="qtc">Bazett-corrected QT, seconds.</param>
    /// <param name="orientation">Heart position, applied to every dipole.</param>
    /// <param name="pGain">P amplitude factor.</param>
    /// <param name="qrsGain">QRS amplitude factor.</param>
    /// <param name="tGain">T amplitude factor.</param>
    public BeatMorphology(VentricularConduction conduction, double qrsDuration, double prInterval, double pDuration, double qtc,
        HeartOrientation orientation, double pGain, double qrsGain, double tGain)
    {
        QrsDuration = qrsDuration;
        PrInterval = prInterval;
        _qtc = qtc;

        _atrial = double.IsNaN(prInterval)
            ? []
            :
            [
                // Right atrium first (anterior, inferior), then left atrium (leftward, posterior): biphasic P in V1.
                Event(-prInterval + 0.36 * pDuration, 0.15 * pDuration, pGain, new(0.03, 0.13, 0.09), orientation),
                Event(-prInterval + 0.64 * pDuration, 0.15 * pDuration, pGain, new(0.12, 0.09, -0.08), orientation),
            ];

        double d = qrsDuration;
        Dipole tDirection;
        switch (conduction)
        {
            case VentricularConduction.RightBundleBranchBlock:
            {
                // Left ventricle activates on time (as a ~90 ms normal QRS); the right ventricle follows late and slowly.
                double lv = 0.085;
                _ventricular =
                [
                    Event(0.14 * lv, 0.065 * lv, qrsGain, new(-0.20, 0.05, 0.28), orientation),
                    Event(0.36 * lv, 0.10 * lv, qrsGain, new(0.55, 0.45, 0.25), orientation),
                    Event(0.56 * lv, 0.11 * lv, qrsGain, new(1.05, 0.75, -0.75), orientation),
                    Event(0.62 * d, 0.09 * d, qrsGain, new(-0.35, 0.0, 0.45), orientation),
                    Event(0.77 * d, 0.10 * d, qrsGain, new(-0.45, 0.05, 0.60), orientation),
                ];
                // Secondary T, opposite the late rightward-anterior forces.
                tDirection = new(0.22, 0.18, -0.18);
                _tRise = 0.070;
                _tFall = 0.045;
                break;
            }
            case VentricularConduction.LeftBundleBranchBlock:
            {
                // Septum from right to left (no septal q), then a slow, notched leftward-posterior sweep.
                _ventricular =
                [
                    Event(0.12 * d, 0.07 * d, qrsGain, new(0.30, 0.05, -0.05), orientation),
                    Event(0.36 * d, 0.12 * d, qrsGain, new(0.95, 0.30, -1.20), orientation),
                    Event(0.70 * d, 0.12 * d, qrsGain, new(1.30, 0.12, -1.00), orientation),
                ];
                // Discordant ST-T: rightward-anterior, starting at the J point.
                tDirection = new(-0.50, -0.06, 0.52);
                _tRise = 0.100;
                _tFall = 0.050;
                break;
            }
            default:
            {
                _ventricular =
                [
                    Event(0.14 * d, 0.065 * d, qrsGain, new(-0.20, 0.05, 0.28), orientation),  // septal: q in I, V6; r in V1
                    Event(0.36 * d, 0.10 * d, qrsGain, new(0.55, 0.45, 0.25), orientation),    // apical, anterior
                    Event(0.56 * d, 0.11 * d, qrsGain, new(1.05, 0.75, -0.75), orientation),   // free wall, leftward-posterior
                    Event(0.80 * d, 0.085 * d, qrsGain, new(-0.25, -0.30, -0.45), orientation), // basal: S in V1-V3
                ];
                tDirection = new(0.35, 0.22, 0.30);
                _tRise = 0.065;
                _tFall = 0.040;
                break;
            }
        }
        _t = tGain * orientation.Apply(tDirection);
    }

    /// <summary>
    /// Adds the events of one beat to <paramref name="events"/>: <paramref name="precedingRr"/> (seconds) sets the QT,
    /// <paramref name="gain"/> scales every wave (respiratory modulation, beat-to-beat variation).
    /// </summary>
    public void AddBeat(List<WaveEvent> events, double precedingRr, double gain)
    {
        foreach (var e in _atrial) events.Add(e with { Direction = gain * e.Direction });
        foreach (var e in _ventricular) events.Add(e with { Direction = gain * e.Direction });

        double scale = Math.Sqrt(precedingRr);
        double qt = Math.Max(_qtc * scale, QrsDuration + 0.12);
        double rise = _tRise * scale, fall = _tFall * scale;
        double peak = qt - 2.6 * fall; // the T ends where its falling side drops below 3 % of the peak
        events.Add(new WaveEvent(peak, rise, fall, gain * _t));
    }

    private static WaveEvent Event(double center, double width, double gain, Dipole direction, HeartOrientation orientation) =>
        new(center, width, gain * orientation.Apply(direction));
}
