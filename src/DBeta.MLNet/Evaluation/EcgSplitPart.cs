namespace DBeta.MLNet;

/// <summary>The part of a train / validation / test split a record belongs to.</summary>
internal enum EcgSplitPart
{
    /// <summary>Trains the probe.</summary>
    Train,

    /// <summary>Chooses the probe's settings (its L2 weight, the decision threshold).</summary>
    Validation,

    /// <summary>Measures the result; never seen before.</summary>
    Test,
}
