namespace DBeta.MLNet;

/// <summary>
/// Projects a cardiac dipole onto the 12 standard leads. Leads I, II and V1-V6 use Dower's vectorcardiogram-to-12-lead
/// coefficients (Dower 1980, with Frank's posterior Z turned to our anterior Z); III, aVR, aVL and aVF follow from I and II
/// by Einthoven's and Goldberger's relations, computed in single precision so that they hold exactly in the stored floats.
/// </summary>
internal static class TorsoLeadVectors
{
    /// <summary>Indices into <see cref="Independent"/>: the eight leads that are recorded rather than derived.</summary>
    public const int I = 0, II = 1, V1 = 2;

    /// <summary>Lead vectors of I, II, V1, V2, V3, V4, V5, V6, in that order.</summary>
    public static IReadOnlyList<Dipole> Independent { get; } =
    [
        new(0.632, -0.235, -0.059), // I
        new(0.235, 1.066, 0.132),   // II
        new(-0.515, 0.157, 0.917),  // V1
        new(0.044, 0.164, 1.387),   // V2
        new(0.882, 0.098, 1.277),   // V3
        new(1.213, 0.127, 0.601),   // V4
        new(1.125, 0.127, 0.086),   // V5
        new(0.831, 0.076, -0.230),  // V6
    ];

    /// <summary>Where each independent lead goes in <see cref="EcgLeads.Standard"/> order.</summary>
    public static ReadOnlySpan<int> StandardIndex => [0, 1, 6, 7, 8, 9, 10, 11];

    /// <summary>
    /// Fills leads III, aVR, aVL and aVF of a lead-major 12-lead buffer from its leads I and II:
    /// III = II - I, aVR = -(I + II) / 2, aVL = I - II / 2, aVF = II - I / 2.
    /// </summary>
    public static void DeriveLimbLeads(float[] samples, int sampleCount)
    {
        var lead1 = samples.AsSpan(0, sampleCount);
        var lead2 = samples.AsSpan(sampleCount, sampleCount);
        var lead3 = samples.AsSpan(2 * sampleCount, sampleCount);
        var avr = samples.AsSpan(3 * sampleCount, sampleCount);
        var avl = samples.AsSpan(4 * sampleCount, sampleCount);
        var avf = samples.AsSpan(5 * sampleCount, sampleCount);
        for (int t = 0; t < sampleCount; t++)
        {
            float a = lead1[t], b = lead2[t];
            lead3[t] = b - a;
            avr[t] = -(a + b) * 0.5f;
            avl[t] = a - b * 0.5f;
            avf[t] = b - a * 0.5f;
        }
    }
}
