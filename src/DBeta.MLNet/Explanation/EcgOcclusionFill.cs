namespace DBeta.MLNet;

/// <summary>What replaces an occluded stretch of an ECG.</summary>
public enum EcgOcclusionFill
{
    /// <summary>Zeros (0 mV).</summary>
    Zero,

    /// <summary>The lead's own median over the whole record: its baseline, so a wandering or offset lead is not given a step.</summary>
    LeadMedian,
}
