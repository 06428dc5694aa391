namespace DBeta.MLNet;

/// <summary>
/// Atrial fibrillation's f-waves: two drifting 4-9 Hz atrial wavelets (incommensurate rates, their own directions, a
/// random walk in phase) so the baseline undulates irregularly, pointing mostly rightward-anterior-inferior so that
/// they show best in V1 and the inferior leads.
/// </summary>
internal static class FibrillatoryWaves
{
    /// <summary>Adds f-waves of dipole amplitude about <paramref name="amplitude"/> mV to the dipole signal.</summary>
    public static void Add(double[] dx, double[] dy, double[] dz, double sampleRate, double amplitude, Xoshiro256StarStar rng)
    {
        double f0 = rng.Uniform(4.5, 7.5), f1 = f0 * rng.Uniform(1.12, 1.4);
        var main = new Dipole(-0.45 + rng.Uniform(-0.1, 0.1), 0.35 + rng.Uniform(-0.1, 0.1), 0.85).Normalized(); // along V1
        var side = new Dipole(rng.Uniform(-0.1, 0.1), 0.7, 0.4 + rng.Uniform(-0.2, 0.2)).Normalized(); // inferior
        var w0 = new Wavelet(rng, f0, amplitude);
        var w1 = new Wavelet(rng, f1, 0.6 * amplitude);

        double dt = 1.0 / sampleRate;
        for (int i = 0; i < dx.Length; i++)
        {
            double t = i * dt;
            double a = w0.Next(t, dt, rng), b = w1.Next(t, dt, rng);
            dx[i] += a * main.X + b * side.X;
            dy[i] += a * main.Y + b * side.Y;
            dz[i] += a * main.Z + b * side.Z;
        }
    }

    /// <summary>One atrial wavelet: frequency, amplitude and phase all wander.</summary>
    private sealed class Wavelet
    {
        private readonly double _hz, _amp, _fDriftHz, _fDriftPhase, _aDriftHz, _aDriftPhase, _harmonicPhase;
        private double _phase, _phaseVelocityNoise;

        public Wavelet(Xoshiro256StarStar rng, double hz, double amplitude)
        {
            _hz = hz;
            _amp = amplitude;
            _fDriftHz = rng.Uniform(0.1, 0.4);
            _fDriftPhase = rng.Uniform(0, 2 * Math.PI);
            _aDriftHz = rng.Uniform(0.2, 0.8);
            _aDriftPhase = rng.Uniform(0, 2 * Math.PI);
            _harmonicPhase = rng.Uniform(0, 2 * Math.PI);
            _phase = rng.Uniform(0, 2 * Math.PI);
        }

        public double Next(double t, double dt, Xoshiro256StarStar rng)
        {
            // Frequency: slow sinusoidal drift plus a mean-reverting random component (about +/- 15 %).
            _phaseVelocityNoise += -_phaseVelocityNoise * 2.0 * dt + 0.35 * Math.Sqrt(dt) * rng.Normal();
            double f = _hz * (1 + 0.12 * PortableMath.Sin(2 * Math.PI * _fDriftHz * t + _fDriftPhase) + 0.15 * _phaseVelocityNoise);
            _phase += 2 * Math.PI * Math.Max(f, 0.5 * _hz) * dt;
            double a = _amp * (1 + 0.45 * PortableMath.Sin(2 * Math.PI * _aDriftHz * t + _aDriftPhase));
            return a * (PortableMath.Sin(_phase) + 0.3 * PortableMath.Sin(2 * _phase + _harmonicPhase));
        }
    }
}
