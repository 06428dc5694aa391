namespace DBeta.MLNet;

/// <summary>What <c>LoadChallengeEcgs</c> does with a <c>#Dx</c> code that neither of the Challenge's tables lists.</summary>
public enum ChallengeUnknownCodes
{
    /// <summary>Stop with an <see cref="EcgDataException"/> naming the header, the record and the code.</summary>
    Reject,

    /// <summary>Keep the code: listed among the codes outside the label set, and a column named by the code with <see cref="ChallengeLabelSet.AllCodes"/>.</summary>
    Keep,
}
