namespace DBeta.MLNet;

/// <summary>Which label columns <c>LoadChallengeEcgs</c> makes from the records' <c>#Dx</c> SNOMED CT codes.</summary>
public enum ChallengeLabelSet
{
    /// <summary>
    /// The 26 classes the Challenge 2021 scores (its 30 scored codes with four equivalent pairs merged: RBBB, LBBB,
    /// PAC, PVC), always all 26 columns, named by the Challenge's abbreviations (AF, IAVB, NSR, STach, TAb, ...).
    /// Other codes are kept in the <c>Dx</c> column and counted, never dropped silently.
    /// </summary>
    Scored,

    /// <summary>The 26 scored classes, then one column per other code found in the records (by abbreviation, or by code when the tables lack it).</summary>
    AllCodes,
}
