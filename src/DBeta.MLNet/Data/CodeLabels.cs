namespace DBeta.MLNet;

/// <summary>
/// The six abnormalities annotated in the CODE and CODE-15% data sets (Ribeiro et al., Nat. Commun. 2020), in the
/// column order of CODE's <c>gold_standard.csv</c>. A record with none of them is read as normal.
/// </summary>
public static class CodeLabels
{
    /// <summary>First-degree AV block (PR interval above 200 ms).</summary>
    public const string FirstDegreeAvBlock = "1dAVb";

    /// <summary>Right bundle branch block.</summary>
    public const string RightBundleBranchBlock = "RBBB";

    /// <summary>Left bundle branch block.</summary>
    public const string LeftBundleBranchBlock = "LBBB";

    /// <summary>Sinus bradycardia (sinus rhythm below 60 bpm).</summary>
    public const string SinusBradycardia = "SB";

    /// <summary>Atrial fibrillation.</summary>
    public const string AtrialFibrillation = "AF";

    /// <summary>Sinus tachycardia (sinus rhythm above 100 bpm).</summary>
    public const string SinusTachycardia = "ST";

    /// <summary>The six names in CODE's column order: 1dAVb, RBBB, LBBB, SB, AF, ST.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [FirstDegreeAvBlock, RightBundleBranchBlock, LeftBundleBranchBlock, SinusBradycardia, AtrialFibrillation, SinusTachycardia];

    /// <summary>Index of <paramref name="name"/> in <see cref="Names"/> (exact spelling, case-insensitive), or -1.</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
            if (string.Equals(Names[i], name.Trim(), StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
