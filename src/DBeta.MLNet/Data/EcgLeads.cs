namespace DBeta.MLNet;

/// <summary>The 12 standard leads in D-BETA's order and the names files use for them.</summary>
internal static class EcgLeads
{
    /// <summary>D-BETA's lead order: I, II, III, aVR, aVL, aVF, V1-V6.</summary>
    public static IReadOnlyList<string> Standard { get; } =
        ["I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6"];

    /// <summary>
    /// Index of <paramref name="name"/> in <see cref="Standard"/>, or -1. Case-insensitive
    /// (<c>AVR</c>, <c>avr</c>, <c>aVR</c>) and accepts a <c>lead</c> prefix (<c>lead II</c>, <c>Lead_V1</c>).
    /// Modified leads such as MIT-BIH's <c>MLII</c> are not mapped: they are not the standard lead.
    /// </summary>
    public static int IndexOf(string name)
    {
        string key = name.Trim();
        if (key.StartsWith("lead", StringComparison.OrdinalIgnoreCase)) key = key[4..].Trim(' ', '_', '-');
        for (int i = 0; i < Standard.Count; i++)
            if (string.Equals(Standard[i], key, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
