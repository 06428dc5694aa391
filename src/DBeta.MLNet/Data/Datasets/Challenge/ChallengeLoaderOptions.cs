namespace DBeta.MLNet;

/// <summary>Options of <c>LoadChallengeEcgs</c>: PhysioNet/CinC Challenge 2020/2021 records (WFDB header + <c>.mat</c>, SNOMED CT labels).</summary>
public sealed class ChallengeLoaderOptions : EcgLoaderOptions
{
    /// <summary>The label columns. Default <see cref="ChallengeLabelSet.Scored"/> (the Challenge's 26 scored classes).</summary>
    public ChallengeLabelSet LabelSet { get; set; } = ChallengeLabelSet.Scored;

    /// <summary>A code neither Challenge table lists. Default <see cref="ChallengeUnknownCodes.Reject"/>.</summary>
    public ChallengeUnknownCodes UnknownCodes { get; set; } = ChallengeUnknownCodes.Reject;

    /// <summary>
    /// How records of different rates and lengths (6 to 60 s, 257 to 1000 Hz in the Challenge's collections) become one
    /// size. Default: <c>new EcgFitOptions()</c>, D-BETA's input (500 Hz, the first 5000 samples). Null reads records
    /// as stored, which then must all share rate and length.
    /// </summary>
    public EcgFitOptions? Fit { get; set; } = new();

    /// <summary>When given a folder, also read its subfolders (the Challenge ships databases in <c>g1</c>, <c>g2</c>, ... folders). Default: true.</summary>
    public bool IncludeSubfolders { get; set; } = true;

    /// <summary>Fill a standard lead a record lacks with zeros instead of failing. Default: false.</summary>
    public bool ZeroFillMissingLeads { get; set; }

    /// <summary>Cut each record into windows of the <see cref="Fit"/> size, one row per window (see <see cref="EcgWindowOptions"/>). Default: null, one row per record.</summary>
    public EcgWindowOptions? Windows { get; set; }
}
