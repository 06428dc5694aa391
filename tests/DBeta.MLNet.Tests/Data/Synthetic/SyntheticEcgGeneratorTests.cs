using System.Buffers.Binary;
using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data.Synthetic;

[TestClass]
public sealed class SyntheticEcgGeneratorTests
{
    private static SyntheticEcgPrevalence Only(double avb = 0, double rbbb = 0, double lbbb = 0, double sb = 0, double af = 0, double st = 0) =>
        new() { FirstDegreeAvBlock = avb, RightBundleBranchBlock = rbbb, LeftBundleBranchBlock = lbbb, SinusBradycardia = sb, AtrialFibrillation = af, SinusTachycardia = st };

    private static SyntheticEcg[] Make(int count, SyntheticEcgPrevalence prevalence, long seed = 3, SyntheticEcgNoise? noise = null)
    {
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = count, Seed = seed, Prevalence = prevalence, Noise = noise ?? new() });
        return generator.GenerateAll().ToArray();
    }

    [TestMethod]
    public void SameSeedGivesIdenticalBytesInAnyOrderAndOtherSeedsDiffer()
    {
        var options = new SyntheticEcgOptions { Count = 6, Seed = 1234 };
        var forward = new SyntheticEcgGenerator(options).GenerateAll().ToArray();
        var backward = new SyntheticEcgGenerator(options);
        for (int i = 5; i >= 0; i--)
        {
            var again = backward.Generate(i);
            CollectionAssert.AreEqual(forward[i].Record.Samples, again.Record.Samples, $"record {i} differs between runs");
            Assert.AreEqual(forward[i].Labels.ToString(), again.Labels.ToString());
        }

        var other = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 6, Seed = 1235 }).Generate(0);
        Assert.IsFalse(other.Record.Samples.AsSpan().SequenceEqual(forward[0].Record.Samples), "another seed must give another record");
        Assert.IsFalse(forward[1].Record.Samples.AsSpan().SequenceEqual(forward[0].Record.Samples), "rows must differ");
    }

    [TestMethod]
    public void MatchesTheCommittedSeed42RecordsBitForBit()
    {
        // tests/fixtures/synthetic/seed42_first4.snapshot.npy: `dbeta synth --count 4 --seed 42` (defaults otherwise), tracings copied
        // out of the HDF5 file by tests/reference/check_synthetic.py --export-npy; [4, 4096, 12] float32, time-major.
        var (shape, values) = ReadFloat32Npy(RepoPaths.Fixture("synthetic", "seed42_first4.snapshot.npy"));
        CollectionAssert.AreEqual(new[] { 4, DBetaConfig.CodeSampleCount, 12 }, shape);
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 4, Seed = 42 });
        int n = shape[1];
        for (int r = 0; r < 4; r++)
        {
            var record = generator.Generate(r).Record;
            for (int t = 0; t < n; t++)
                for (int l = 0; l < 12; l++)
                {
                    float expected = values[(r * n + t) * 12 + l], actual = record.Samples[l * n + t];
                    if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
                        Assert.Fail($"record {r}, lead {EcgLeads.Standard[l]}, sample {t}: {actual:R} here, {expected:R} in the fixture");
                }
        }
    }

    [TestMethod]
    public void LabelPrevalencesMatchTheOptionsAndRespectTheExclusions()
    {
        var prevalence = new SyntheticEcgPrevalence { FirstDegreeAvBlock = 0.12, RightBundleBranchBlock = 0.08, LeftBundleBranchBlock = 0.15, SinusBradycardia = 0.2, AtrialFibrillation = 0.1, SinusTachycardia = 0.25 };
        const int count = 20_000;
        var generator = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = count, Seed = 9, Prevalence = prevalence });
        var counts = new int[6];
        for (int i = 0; i < count; i++)
        {
            var l = generator.SampleCodeLabels(i);
            for (int k = 0; k < 6; k++) if (l[k]) counts[k]++;
            bool avb = l[0], rbbb = l[1], lbbb = l[2], sb = l[3], af = l[4], st = l[5];
            Assert.IsFalse(af && (sb || st || avb), $"row {i}: AF with SB, ST or 1dAVb");
            Assert.IsFalse(sb && st, $"row {i}: SB with ST");
            Assert.IsFalse(rbbb && lbbb, $"row {i}: RBBB with LBBB");
        }
        var wanted = prevalence.ToCodeOrder();
        for (int k = 0; k < 6; k++)
        {
            double share = counts[k] / (double)count, sd = Math.Sqrt(wanted[k] * (1 - wanted[k]) / count);
            Assert.IsTrue(Math.Abs(share - wanted[k]) < 4 * sd, $"{CodeLabels.Names[k]}: {share:0.0000} generated, {wanted[k]} requested");
        }
        // The labels a full record carries are the cheap ones.
        for (int i = 0; i < 5; i++)
            CollectionAssert.AreEqual(generator.SampleCodeLabels(i).ToArray(), generator.Generate(i).Labels.ToCodeOrder().ToArray());
    }

    [TestMethod]
    public void LimbLeadsObeyEinthovenAndGoldbergerExactly()
    {
        foreach (var ecg in Make(4, new SyntheticEcgPrevalence(), noise: SyntheticEcgNoise.Scaled(3)))
        {
            var r = ecg.Record;
            var i = r.Lead(0).ToArray(); var ii = r.Lead(1).ToArray();
            for (int t = 0; t < r.SampleCount; t++)
            {
                float a = i[t], b = ii[t];
                Assert.AreEqual(b - a, r.Lead(2)[t], $"III at {t}");
                Assert.AreEqual(-(a + b) * 0.5f, r.Lead(3)[t], $"aVR at {t}");
                Assert.AreEqual(a - b * 0.5f, r.Lead(4)[t], $"aVL at {t}");
                Assert.AreEqual(b - a * 0.5f, r.Lead(5)[t], $"aVF at {t}");
                // The augmented leads sum to zero (Goldberger), to float rounding.
                Assert.AreEqual(0, r.Lead(3)[t] + r.Lead(4)[t] + r.Lead(5)[t], 1e-5);
            }
        }
    }

    [TestMethod]
    public void GroundTruthLandsInEachClassRange()
    {
        var all = Make(60, Only(avb: 0.2, rbbb: 0.2, lbbb: 0.2, sb: 0.25, af: 0.2, st: 0.25), seed: 11);
        foreach (var ecg in all)
        {
            var l = ecg.Labels;
            string id = $"{ecg.Record.Id} ({l})";
            if (l.SinusBradycardia) Assert.IsTrue(l.HeartRateBpm < 60, id);
            else if (l.SinusTachycardia) Assert.IsTrue(l.HeartRateBpm > 100, id);
            else if (!l.AtrialFibrillation) Assert.IsTrue(l.HeartRateBpm is >= 60 and <= 100, id);
            else Assert.IsTrue(l.HeartRateBpm is > 40 and < 180, id);

            if (l.AtrialFibrillation) Assert.IsNull(l.PrIntervalMs, id);
            else if (l.FirstDegreeAvBlock) Assert.IsTrue(l.PrIntervalMs > 200, id);
            else Assert.IsTrue(l.PrIntervalMs is >= 120 and <= 200, id);

            if (l.RightBundleBranchBlock || l.LeftBundleBranchBlock) Assert.IsTrue(l.QrsDurationMs >= 120, id);
            else Assert.IsTrue(l.QrsDurationMs < 110, id);

            Assert.AreEqual(l.IsNormal, l.LabelText == "normal", id);
            Assert.IsTrue(l.QrsOnsets.Count >= 5, id);
        }
        Assert.IsTrue(all.Any(e => e.Labels.AtrialFibrillation) && all.Any(e => e.Labels.IsNormal) && all.Any(e => e.Labels.FirstDegreeAvBlock && e.Labels.SinusBradycardia),
            "the sample should cover AF, normal and 1dAVb with SB");
    }

    [TestMethod]
    public void ASimpleQrsDetectorRecoversTheHeartRate()
    {
        foreach (var ecg in Make(16, Only(avb: 0.15, rbbb: 0.2, lbbb: 0.2, sb: 0.25, af: 0.2, st: 0.25), seed: 5))
        {
            var peaks = DetectQrs(ecg.Record);
            double rate = 60.0 * (peaks.Count - 1) / ((peaks[^1] - peaks[0]) / ecg.Record.SampleRate);
            Assert.AreEqual(ecg.Labels.HeartRateBpm, rate, 3.0, $"{ecg.Record.Id} ({ecg.Labels}): {peaks.Count} beats detected, {ecg.Labels.QrsOnsets.Count} generated");
            Assert.AreEqual(ecg.Labels.QrsOnsets.Count, peaks.Count, 1, $"{ecg.Record.Id} ({ecg.Labels})");
        }
    }

    [TestMethod]
    public void AtrialFibrillationIsIrregularAndSinusRhythmIsNot()
    {
        foreach (var ecg in Make(12, Only(af: 0.5, sb: 0.2, st: 0.2), seed: 21))
        {
            var onsets = ecg.Labels.QrsOnsets;
            var rr = onsets.Zip(onsets.Skip(1), (a, b) => b - a).ToArray();
            double mean = rr.Average(), cv = Math.Sqrt(rr.Sum(x => (x - mean) * (x - mean)) / rr.Length) / mean;
            if (ecg.Labels.AtrialFibrillation) Assert.IsTrue(cv > 0.08, $"{ecg.Record.Id}: AF with RR CV {cv:0.000}");
            else Assert.IsTrue(cv < 0.08, $"{ecg.Record.Id}: sinus with RR CV {cv:0.000}");
        }
    }

    [TestMethod]
    public void AmplitudesAreInTheRangeOfRealEcgs()
    {
        var normal = Make(20, Only(), seed: 8, noise: SyntheticEcgNoise.None);
        var r2 = normal.Select(e => (double)e.Record.Lead(1).ToArray().Max()).OrderBy(x => x).ToArray();
        double median = r2[r2.Length / 2];
        Assert.IsTrue(median is > 0.6 and < 1.6, $"median R in lead II {median:0.00} mV");
        Assert.IsTrue(r2[0] > 0.25 && r2[^1] < 2.6, $"R in lead II from {r2[0]:0.00} to {r2[^1]:0.00} mV");
        foreach (var e in normal)
        {
            // aVR is negative in normal sinus rhythm; the precordial R grows from V1 to V4-V5.
            Assert.IsTrue(e.Record.Lead(3).ToArray().Min() < -0.3, $"{e.Record.Id}: aVR");
            Assert.IsTrue(e.Record.Lead(6).ToArray().Max() < e.Record.Lead(10).ToArray().Max(), $"{e.Record.Id}: R in V1 below R in V5");
        }
    }

    [TestMethod]
    public void NoiseIsAddedAtTheRequestedLevelAndFrequency()
    {
        var prevalence = Only();
        var clean = Make(1, prevalence, noise: SyntheticEcgNoise.None)[0].Record;
        var mains50 = Make(1, prevalence, noise: new SyntheticEcgNoise { BaselineWander = 0, Muscle = 0, PowerLine = 0.05, PowerLineFrequency = 50 })[0].Record;
        var defaults = Make(1, prevalence)[0].Record;

        var hum = clean.Lead(0).ToArray().Zip(mains50.Lead(0).ToArray(), (c, m) => (double)m - c).ToArray();
        double at50 = Goertzel(hum, clean.SampleRate, 50), at60 = Goertzel(hum, clean.SampleRate, 60);
        Assert.IsTrue(at50 > 100 * at60, $"mains at 50 Hz: power {at50:g3} at 50 Hz vs {at60:g3} at 60 Hz");
        double rms = Math.Sqrt(hum.Average(x => x * x));
        Assert.IsTrue(rms is > 0.005 and < 0.06, $"50 Hz hum RMS {rms:0.000} mV for a 0.05 mV level");

        double noiseRms = Math.Sqrt(clean.Samples.Zip(defaults.Samples, (c, d) => ((double)d - c) * ((double)d - c)).Average());
        Assert.IsTrue(noiseRms is > 0.02 and < 0.3, $"default noise RMS {noiseRms:0.000} mV");
    }

    [TestMethod]
    public void SampleCountFollowsTheRate()
    {
        Assert.AreEqual(4096, new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 1 }).SampleCount);
        var at500 = new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 1, SampleRate = 500 }).Generate(0);
        Assert.AreEqual(5000, at500.Record.SampleCount);
        Assert.AreEqual(500, at500.Record.SampleRate);
        Assert.AreEqual("synthetic-0", at500.Record.Id);
        Assert.AreEqual(1200, new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = 1, SampleRate = 400, SampleCount = 1200 }).Generate(0).Record.SampleCount);
    }

    /// <summary>QRS detector for the test: summed squared slope of I, II, V1-V6, 60 ms moving average, peaks 250 ms apart above 30 % of the 99th percentile.</summary>
    private static List<int> DetectQrs(EcgRecord record)
    {
        int n = record.SampleCount, window = (int)(0.06 * record.SampleRate), refractory = (int)(0.25 * record.SampleRate);
        var slope = new double[n];
        foreach (int lead in new[] { 0, 1, 6, 7, 8, 9, 10, 11 })
        {
            var x = record.Lead(lead);
            for (int t = 1; t < n - 1; t++)
            {
                double d = x[t + 1] - x[t - 1];
                slope[t] += d * d;
            }
        }
        var smooth = new double[n];
        double sum = 0;
        for (int t = 0; t < n; t++)
        {
            sum += slope[t] - (t >= window ? slope[t - window] : 0);
            smooth[t] = sum / window;
        }
        double threshold = 0.30 * smooth.OrderBy(v => v).ElementAt((int)(0.99 * n));
        var peaks = new List<int>();
        for (int t = 1; t < n - 1; t++)
        {
            if (smooth[t] < threshold || smooth[t] < smooth[t - 1] || smooth[t] < smooth[t + 1]) continue;
            if (peaks.Count > 0 && t - peaks[^1] < refractory)
            {
                if (smooth[t] > smooth[peaks[^1]]) peaks[^1] = t;
                continue;
            }
            peaks.Add(t);
        }
        return peaks;
    }

    private static double Goertzel(double[] x, double rate, double hz)
    {
        double w = 2 * Math.PI * hz / rate, c = 2 * Math.Cos(w), s1 = 0, s2 = 0;
        foreach (double v in x)
        {
            double s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - c * s1 * s2;
    }

    /// <summary>Reads a little-endian float32, C-order .npy file (format versions 1-3).</summary>
    private static (int[] Shape, float[] Values) ReadFloat32Npy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.IsTrue(bytes.Length > 10 && bytes[0] == 0x93 && Encoding.ASCII.GetString(bytes, 1, 5) == "NUMPY", $"{path} is not a .npy file");
        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int start = major == 1 ? 10 : 12;
        string header = Encoding.ASCII.GetString(bytes, start, headerLength);
        StringAssert.Contains(header, "'descr': '<f4'");
        StringAssert.Contains(header, "'fortran_order': False");
        string dims = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        dims = dims[..dims.IndexOf(')')];
        int[] shape = dims.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        int offset = start + headerLength;
        var values = new float[(bytes.Length - offset) / 4];
        Assert.AreEqual(shape.Aggregate(1, (a, b) => a * b), values.Length, "data length does not match the shape");
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4 * i));
        return (shape, values);
    }
}
