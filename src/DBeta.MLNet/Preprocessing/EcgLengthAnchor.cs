namespace DBeta.MLNet;

/// <summary>Which part of a signal <see cref="EcgLengthFitter"/> keeps when cropping, and where it puts the signal when zero-padding.</summary>
public enum EcgLengthAnchor
{
    /// <summary>Keep the first samples; pad zeros at the end (D-BETA: the first 5000 of CODE's 5120 resampled samples).</summary>
    Start,

    /// <summary>Keep the middle samples; pad zeros evenly on both sides (the extra one, if any, at the end).</summary>
    Center,
}
