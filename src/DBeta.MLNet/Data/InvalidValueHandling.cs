namespace DBeta.MLNet;

/// <summary>What an ECG loader does with a record holding a NaN or infinite value.</summary>
public enum InvalidValueHandling
{
    /// <summary>Stop with an <see cref="EcgDataException"/> naming the file, the record, the lead and the sample (the default).</summary>
    Reject,

    /// <summary>Leave the record out and count it (<see cref="EcgDataView.DroppedIds"/>).</summary>
    Drop,
}
