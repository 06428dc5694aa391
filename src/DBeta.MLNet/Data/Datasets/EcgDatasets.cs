namespace DBeta.MLNet;

/// <summary>Opens the labelled dataset layouts by format, for <c>dbeta labels</c> and the evaluation protocol.</summary>
internal static class EcgDatasets
{
    /// <summary>The formats that carry labels.</summary>
    public static IReadOnlyList<EcgFormat> Formats { get; } = [EcgFormat.Challenge, EcgFormat.PtbXl, EcgFormat.Code15];

    /// <summary>
    /// Opens <paramref name="path"/> as <paramref name="format"/> with the named label set (null: the format's
    /// default; Challenge: <c>scored</c> or <c>all</c>; PTB-XL: <c>all</c>, <c>diagnostic</c>, <c>subdiagnostic</c>,
    /// <c>superdiagnostic</c> (default), <c>form</c>, <c>rhythm</c>; CODE-15%: its six labels).
    /// </summary>
    /// <exception cref="ArgumentException">The format carries no labels, or the label set is not one of its sets.</exception>
    public static IEcgDataset Open(string path, EcgFormat format, string? labelSet, bool keepUnknownCodes = false) => format switch
    {
        EcgFormat.Challenge => ChallengeDataset.Open(path, new ChallengeLoaderOptions
        {
            LabelSet = LabelSetName(format, labelSet) switch
            {
                "scored" => ChallengeLabelSet.Scored,
                "all" or "allcodes" => ChallengeLabelSet.AllCodes,
                _ => throw new ArgumentException($"'{labelSet}' is not a Challenge label set; use scored (the 26 scored classes) or all (every code found)", nameof(labelSet)),
            },
            UnknownCodes = keepUnknownCodes ? ChallengeUnknownCodes.Keep : ChallengeUnknownCodes.Reject,
        }),
        EcgFormat.PtbXl => PtbXlDataset.Open(path, new PtbXlOptions
        {
            LabelSet = PtbXlSet(LabelSetName(format, labelSet), labelSet),
        }),
        EcgFormat.Code15 => labelSet is null ? Code15Dataset.Open(path, new Code15Options())
            : throw new ArgumentException("CODE-15% has one label set (1dAVb, RBBB, LBBB, SB, ST, AF); leave --label-set out", nameof(labelSet)),
        _ => throw new ArgumentException($"{format} input carries no labels; labelled formats: {string.Join(", ", Formats)}", nameof(format)),
    };

    private static PtbXlLabelSet PtbXlSet(string name, string? given) =>
        Enum.TryParse<PtbXlLabelSet>(name, ignoreCase: true, out var set) && Enum.IsDefined(set) && !name.Any(char.IsAsciiDigit) ? set
            : throw new ArgumentException($"'{given}' is not a PTB-XL label set; use all, diagnostic, subdiagnostic, superdiagnostic, form or rhythm", "labelSet"); // the parameter of Open

    /// <summary>The name of the label set <see cref="Open"/> reads for <paramref name="labelSet"/> (null: the format's default).</summary>
    public static string LabelSetName(EcgFormat format, string? labelSet) => labelSet?.ToLowerInvariant() ?? format switch
    {
        EcgFormat.Challenge => "scored",
        EcgFormat.PtbXl => "superdiagnostic",
        _ => "labels",
    };

    /// <summary>The labelled format of <paramref name="path"/>: a dataset folder's own layout, and a folder or header of WFDB records as Challenge records.</summary>
    public static EcgFormat Detect(string path) => EcgSources.DetectFormat(path) switch
    {
        EcgFormat.Wfdb => EcgFormat.Challenge,
        var other => other,
    };

    /// <summary>The notes of <paramref name="dataset"/>: records left out and labels not mapped, one line each.</summary>
    public static IReadOnlyList<string> NotesOf(IEcgDataset dataset) =>
        [.. dataset.Skipped, .. dataset.Notes];
}
