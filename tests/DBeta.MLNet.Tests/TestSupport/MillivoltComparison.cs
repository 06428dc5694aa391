namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>
/// Compares physical ECG samples (mV) read by the library with reference values, every sample, at float32 precision.
/// </summary>
/// <remarks>
/// The error of a sample is <c>|actual - expected| / max(1 mV, |expected|)</c>. Both sides are <c>(digital - baseline) /
/// gain</c> rounded once to float32 (relative spacing 1.2e-7), so a correct reader lands within an ulp or two; one ADC
/// step (1 / gain: 5e-4 mV at gain 2000, 1e-3 at 1000, 5e-3 at 200) is hundreds of times the bound.
/// </remarks>
internal static class MillivoltComparison
{
    /// <summary>The bound on each sample's error (relative above 1 mV, in mV below it).</summary>
    public const double Tolerance = 1e-6;

    /// <summary>
    /// Fails naming the worst sample when its error exceeds <see cref="Tolerance"/>; returns the worst error.
    /// <paramref name="expected"/> and <paramref name="actual"/> give the value of signal <c>s</c> at the <c>t</c>-th compared
    /// sample, which is sample <c>sampleNumber(t)</c> of the record (<c>t</c> itself when not given).
    /// </summary>
    public static double AssertWithinTolerance(
        string what, int signals, int frames, Func<int, int, float> expected, Func<int, int, float> actual, Func<int, string> signalName,
        Func<int, int>? sampleNumber = null)
    {
        double worst = -1;
        int worstSignal = 0, worstSample = 0;
        for (int s = 0; s < signals; s++)
            for (int t = 0; t < frames; t++)
            {
                float e = expected(s, t), a = actual(s, t);
                double error = Math.Abs((double)a - e) / Math.Max(1.0, Math.Abs((double)e));
                if (!(error <= worst)) // NaN counts as the worst
                    (worst, worstSignal, worstSample) = (double.IsNaN(error) ? double.PositiveInfinity : error, s, t);
            }
        Assert.IsLessThanOrEqualTo(Tolerance, worst,
            $"{what}: worst error {worst:E2} (of {signals * (long)frames} samples, relative to max(1 mV, |value|)) at signal "
            + $"{signalName(worstSignal)} sample {sampleNumber?.Invoke(worstSample) ?? worstSample}: {actual(worstSignal, worstSample)} vs reference "
            + $"{expected(worstSignal, worstSample)} mV; bound {Tolerance:E0}");
        return worst;
    }
}
