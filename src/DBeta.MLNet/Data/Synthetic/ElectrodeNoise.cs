namespace DBeta.MLNet;

/// <summary>
/// Baseline wander, power-line interference and muscle noise drawn for each electrode (RA, LA, LL, V1-V6) and carried
/// into the leads as the electrodes are wired: I = LA - RA, II = LL - RA, Vi = Vi - (RA + LA + LL) / 3.
/// </summary>
internal static class ElectrodeNoise
{
    private const int Electrodes = 9; // RA, LA, LL, V1..V6
    private static readonly double PerElectrode = 1 / Math.Sqrt(2); // a lead is a difference of two electrodes

    /// <summary>Adds noise to the eight independent leads (I, II, V1-V6), each of length T.</summary>
    public static void Add(double[][] leads, SyntheticEcgNoise noise, double sampleRate, double respirationHz, ulong seed)
    {
        int n = leads[0].Length;
        var electrodes = new double[Electrodes][];
        for (int e = 0; e < Electrodes; e++) electrodes[e] = new double[n];

        if (noise.BaselineWander > 0) AddWander(electrodes, noise.BaselineWander * PerElectrode, sampleRate, respirationHz, new(seed ^ 0x1));
        if (noise.PowerLine > 0) AddPowerLine(electrodes, noise.PowerLine * PerElectrode, noise.PowerLineFrequency, sampleRate, new(seed ^ 0x2));
        if (noise.Muscle > 0) AddMuscle(electrodes, noise.Muscle * PerElectrode, sampleRate, new(seed ^ 0x3));

        double[] ra = electrodes[0], la = electrodes[1], ll = electrodes[2];
        for (int t = 0; t < n; t++)
        {
            double wilson = (ra[t] + la[t] + ll[t]) / 3.0;
            leads[0][t] += la[t] - ra[t];
            leads[1][t] += ll[t] - ra[t];
            for (int v = 0; v < 6; v++) leads[2 + v][t] += electrodes[3 + v][t] - wilson;
        }
    }

    private static void AddWander(double[][] electrodes, double level, double sampleRate, double respirationHz, Xoshiro256StarStar rng)
    {
        foreach (double[] e in electrodes)
        {
            // Respiration, slow electrode drift and a faster movement component.
            (double Hz, double Amp, double Phase)[] parts =
            [
                (respirationHz, level * rng.Uniform(0.3, 1.0), rng.Uniform(0, 2 * Math.PI)),
                (rng.Uniform(0.03, 0.12), level * rng.Uniform(0.2, 1.0), rng.Uniform(0, 2 * Math.PI)),
                (rng.Uniform(0.12, 0.5), level * rng.Uniform(0.0, 0.5), rng.Uniform(0, 2 * Math.PI)),
            ];
            foreach (var (hz, amp, phase) in parts)
            {
                var wave = new Oscillator(hz, phase, sampleRate);
                for (int t = 0; t < e.Length; t++) e[t] += amp * wave.Next();
            }
        }
    }

    private static void AddPowerLine(double[][] electrodes, double level, double hz, double sampleRate, Xoshiro256StarStar rng)
    {
        foreach (double[] e in electrodes)
        {
            double amp = level * rng.Uniform(0.3, 1.0);
            var wave = new Oscillator(hz, rng.Uniform(0, 2 * Math.PI), sampleRate);
            for (int t = 0; t < e.Length; t++) e[t] += amp * wave.Next();
        }
    }

    private static void AddMuscle(double[][] electrodes, double level, double sampleRate, Xoshiro256StarStar rng)
    {
        foreach (double[] e in electrodes)
        {
            // First difference of white noise: a high-passed, EMG-like spectrum; the envelope makes it come and go.
            var envelopeWave = new Oscillator(rng.Uniform(0.1, 0.5), rng.Uniform(0, 2 * Math.PI), sampleRate);
            double envDepth = rng.Uniform(0, 0.7);
            double previous = rng.Normal();
            for (int t = 0; t < e.Length; t++)
            {
                double current = rng.Normal();
                double envelope = 1 + envDepth * envelopeWave.Next();
                e[t] += level * envelope * (current - previous) * PerElectrode;
                previous = current;
            }
        }
    }
}
