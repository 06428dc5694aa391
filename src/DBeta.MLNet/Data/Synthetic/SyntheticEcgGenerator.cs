namespace DBeta.MLNet;

/// <summary>
/// Generates labelled 12-lead ECGs: a cardiac dipole built from Gaussian wave events (ECGSYN's P, Q, R, S, T made
/// three-dimensional), timed by a sinus or fibrillating RR process, projected onto the 12 leads, plus noise drawn per
/// electrode. Every record depends only on (<see cref="SyntheticEcgOptions.Seed"/>, index), so records can be made in
/// any order or in parallel, and the same seed gives bit-identical samples on every machine.
/// </summary>
internal sealed class SyntheticEcgGenerator
{
    // Separate random streams per aspect, so that e.g. changing the noise level leaves the clean signal unchanged.
    private const ulong LabelStream = 1, HeartStream = 2, RhythmStream = 3, BeatStream = 4, AtrialStream = 5, NoiseStream = 6;

    private readonly SyntheticEcgOptions _options;

    /// <summary>A copy of the options the generator was made with.</summary>
    public SyntheticEcgOptions Options => _options.Clone();

    /// <summary>Samples per lead of every record.</summary>
    public int SampleCount { get; }

    /// <summary>Sampling rate in Hz.</summary>
    public int SampleRate => _options.SampleRate;

    /// <summary>Number of records (<see cref="SyntheticEcgOptions.Count"/>).</summary>
    public int Count => _options.Count;

    /// <summary>Creates a generator; throws <see cref="ArgumentException"/> for unusable options.</summary>
    public SyntheticEcgGenerator(SyntheticEcgOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        SampleCount = options.ResolvedSampleCount;
    }

    /// <summary>Records 0 .. <see cref="Count"/> - 1, generated one at a time as they are enumerated.</summary>
    public IEnumerable<SyntheticEcg> GenerateAll()
    {
        for (int i = 0; i < _options.Count; i++) yield return Generate(i);
    }

    /// <summary>The record at <paramref name="index"/> (any index >= 0, also beyond <see cref="Count"/>).</summary>
    public SyntheticEcg Generate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        int n = SampleCount;
        double fs = _options.SampleRate, duration = n / fs;

        var truth = SampleLabels(index);

        // ---- The patient's heart ----
        var heart = new Xoshiro256StarStar(StreamSeed(index, HeartStream));
        var conduction = truth.Rbbb ? VentricularConduction.RightBundleBranchBlock
            : truth.Lbbb ? VentricularConduction.LeftBundleBranchBlock
            : VentricularConduction.Normal;
        double qrs = conduction switch
        {
            VentricularConduction.RightBundleBranchBlock => heart.Uniform(0.125, 0.155),
            VentricularConduction.LeftBundleBranchBlock => heart.Uniform(0.130, 0.165),
            _ => heart.Uniform(0.078, 0.098),
        };
        double pr = truth.Avb1 ? heart.Uniform(0.215, 0.320) : heart.Uniform(0.130, 0.190);
        double pDuration = heart.Uniform(0.085, 0.110);
        double qtc = heart.Uniform(0.38, 0.44) + (conduction == VentricularConduction.Normal ? 0 : 0.03);
        var orientation = new HeartOrientation(heart.ClippedNormal(0, 12), heart.ClippedNormal(0, 10));
        double pGain = heart.Uniform(0.8, 1.25), qrsGain = heart.Uniform(0.9, 1.4);
        double tGain = qrsGain * heart.Uniform(0.7, 1.1); // T amplitude follows QRS voltage (body habitus, lead distance)
        double respirationHz = heart.Uniform(0.20, 0.33), respGainDepth = heart.Uniform(0.02, 0.07);
        double respGainPhase = heart.Uniform(0, 2 * Math.PI);
        var morphology = new BeatMorphology(conduction, qrs, truth.Af ? double.NaN : pr, pDuration, qtc,
            orientation, pGain, qrsGain, tGain);

        // ---- Rhythm ----
        var rhythmRng = new Xoshiro256StarStar(StreamSeed(index, RhythmStream));
        (double low, double high, double lowBound, double highBound) = truth.Af ? (55.0, 140.0, 45.0, 170.0)
            : truth.Sb ? (40.0, 57.0, 38.0, 58.5)
            : truth.St ? (103.0, 145.0, 101.5, 160.0)
            : (62.0, 98.0, 61.0, 99.0);
        double targetRate = rhythmRng.Uniform(low, high);
        var process = truth.Af
            ? RrProcess.Fibrillation(rhythmRng.NextUInt64(), rhythmRng.Uniform(0.15, 0.28))
            : RrProcess.Sinus(rhythmRng.NextUInt64(), respirationHz,
                truth.St ? rhythmRng.Uniform(0.005, 0.02) : truth.Sb ? rhythmRng.Uniform(0.03, 0.08) : rhythmRng.Uniform(0.02, 0.06),
                rhythmRng.Uniform(0.0, 0.02));
        double meanRr = 60.0 / targetRate;
        List<double> onsets = process.Onsets(meanRr, -2.5, duration + 1.0);
        double rate = RrProcess.HeartRate(onsets, duration, out int first, out int last);
        for (int attempt = 0; attempt < 8 && !(rate >= lowBound && rate <= highBound); attempt++)
        {
            // Keep the ground truth inside the class: rescale the mean RR and replay the same random draws.
            meanRr *= rate / Math.Clamp(rate, lowBound + 0.5, highBound - 0.5);
            onsets = process.Onsets(meanRr, -2.5, duration + 1.0);
            rate = RrProcess.HeartRate(onsets, duration, out first, out last);
        }

        // ---- Dipole signal ----
        double[] dx = new double[n], dy = new double[n], dz = new double[n];
        var beatRng = new Xoshiro256StarStar(StreamSeed(index, BeatStream));
        var events = new List<WaveEvent>(8);
        for (int k = 0; k < onsets.Count; k++)
        {
            double onset = onsets[k];
            double precedingRr = k > 0 ? onset - onsets[k - 1] : meanRr;
            double gain = 1 + respGainDepth * PortableMath.Sin(2 * Math.PI * respirationHz * onset + respGainPhase)
                + 0.015 * Math.Clamp(beatRng.Normal(), -3, 3);
            events.Clear();
            morphology.AddBeat(events, precedingRr, gain);
            foreach (var e in events) Accumulate(e, onset, fs, dx, dy, dz);
        }
        if (truth.Af)
        {
            var atrialRng = new Xoshiro256StarStar(StreamSeed(index, AtrialStream));
            FibrillatoryWaves.Add(dx, dy, dz, fs, atrialRng.Uniform(0.03, 0.10), atrialRng);
        }

        // ---- Leads ----
        var leadVectors = TorsoLeadVectors.Independent;
        var leads = new double[leadVectors.Count][];
        for (int l = 0; l < leads.Length; l++)
        {
            var v = leadVectors[l];
            var lead = leads[l] = new double[n];
            for (int t = 0; t < n; t++) lead[t] = v.X * dx[t] + v.Y * dy[t] + v.Z * dz[t];
        }
        ElectrodeNoise.Add(leads, _options.Noise, fs, respirationHz, StreamSeed(index, NoiseStream));

        var samples = new float[DBetaConfig.LeadCount * n];
        for (int l = 0; l < leads.Length; l++)
        {
            var target = samples.AsSpan(TorsoLeadVectors.StandardIndex[l] * n, n);
            for (int t = 0; t < n; t++) target[t] = (float)leads[l][t];
        }
        TorsoLeadVectors.DeriveLimbLeads(samples, n);

        var inside = first < 0 ? [] : onsets.GetRange(first, last - first + 1);
        var labels = new SyntheticEcgLabels
        {
            FirstDegreeAvBlock = truth.Avb1,
            RightBundleBranchBlock = truth.Rbbb,
            LeftBundleBranchBlock = truth.Lbbb,
            SinusBradycardia = truth.Sb,
            AtrialFibrillation = truth.Af,
            SinusTachycardia = truth.St,
            HeartRateBpm = rate,
            PrIntervalMs = truth.Af ? null : 1000 * pr,
            QrsDurationMs = 1000 * qrs,
            QTcMs = 1000 * qtc,
            QrsOnsets = inside,
        };
        var record = new EcgRecord($"{_options.IdPrefix}-{index}", fs, samples);
        return new SyntheticEcg(index, record, labels);
    }

    private readonly record struct Truth(bool Avb1, bool Rbbb, bool Lbbb, bool Sb, bool Af, bool St);

    /// <summary>Only the labels of record <paramref name="index"/>, in <see cref="CodeLabels.Names"/> order (cheap: no signal).</summary>
    internal IReadOnlyList<bool> SampleCodeLabels(int index)
    {
        var t = SampleLabels(index);
        return [t.Avb1, t.Rbbb, t.Lbbb, t.Sb, t.Af, t.St];
    }

    private Truth SampleLabels(int index)
    {
        var rng = new Xoshiro256StarStar(StreamSeed(index, LabelStream));
        var p = _options.Prevalence;
        // Conditional probabilities chosen so that each label's marginal equals its prevalence despite the exclusions.
        bool af = rng.Bernoulli(p.AtrialFibrillation);
        bool sb = !af && rng.Bernoulli(Ratio(p.SinusBradycardia, 1 - p.AtrialFibrillation));
        bool st = !af && !sb && rng.Bernoulli(Ratio(p.SinusTachycardia, 1 - p.AtrialFibrillation - p.SinusBradycardia));
        bool avb = !af && rng.Bernoulli(Ratio(p.FirstDegreeAvBlock, 1 - p.AtrialFibrillation));
        bool rbbb = rng.Bernoulli(p.RightBundleBranchBlock);
        bool lbbb = !rbbb && rng.Bernoulli(Ratio(p.LeftBundleBranchBlock, 1 - p.RightBundleBranchBlock));
        return new Truth(avb, rbbb, lbbb, sb, af, st);

        static double Ratio(double a, double b) => b <= 1e-12 ? 0 : a / b;
    }

    private static void Accumulate(WaveEvent e, double onset, double fs, double[] dx, double[] dy, double[] dz)
    {
        double center = onset + e.Center;
        int from = Math.Max(0, (int)Math.Ceiling((center - 5 * e.WidthBefore) * fs));
        int to = Math.Min(dx.Length - 1, (int)Math.Floor((center + 5 * e.WidthAfter) * fs));
        var d = e.Direction;
        for (int i = from; i <= to; i++)
        {
            double g = e.Shape(i / fs - onset);
            dx[i] += g * d.X;
            dy[i] += g * d.Y;
            dz[i] += g * d.Z;
        }
    }

    private ulong StreamSeed(int index, ulong stream)
    {
        ulong s = (ulong)_options.Seed;
        ulong h = Xoshiro256StarStar.SplitMix64(ref s);
        ulong x = h ^ ((ulong)index * 0xD1B54A32D192ED03UL) ^ (stream * 0x8CB92BA72F3D8DD7UL);
        return Xoshiro256StarStar.SplitMix64(ref x);
    }
}
