namespace DBeta.MLNet;

/// <summary>What a dataset loader does with a record its index file lists but the folder does not hold.</summary>
public enum MissingRecordHandling
{
    /// <summary>Stop with an <see cref="EcgDataException"/> that names the missing records (the default).</summary>
    Reject,

    /// <summary>Leave them out and list them in <see cref="EcgDataView.SkippedRecords"/>.</summary>
    Skip,
}
