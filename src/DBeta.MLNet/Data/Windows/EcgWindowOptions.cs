namespace DBeta.MLNet;

/// <summary>
/// Long records as several rows: each record, brought to the fit's rate (<see cref="EcgFitOptions"/>), is cut into
/// windows of the fit's length (10 s at D-BETA's 500 Hz x 5000) starting every <see cref="StrideSeconds"/>; only whole
/// windows are kept, so a 60-s record gives 6 windows with the default stride and 11 with a 5-s stride. Each window
/// is a row with id <c>record@start</c> (e.g. <c>JS00001@5s</c>) and the columns <c>RecordId</c> and
/// <c>WindowStart</c> (seconds); labels follow the record. Pool the window embeddings per record with
/// <c>PoolEcgWindowEmbeddings</c>.
/// </summary>
public sealed class EcgWindowOptions
{
    /// <summary>Name of the column holding each window's record id.</summary>
    public const string RecordIdColumnName = "RecordId";

    /// <summary>Name of the column holding each window's start in seconds from the record's start.</summary>
    public const string WindowStartColumnName = "WindowStart";

    /// <summary>Seconds between the starts of consecutive windows. Default 10 (windows side by side, no overlap).</summary>
    public double StrideSeconds { get; set; } = 10;

    /// <summary>
    /// Leave out records shorter than one window, listed in <see cref="EcgDataView.SkippedRecords"/>. Default: false, such a
    /// record is an <see cref="EcgDataException"/> naming it (zero-padding it would make a window of mostly nothing).
    /// </summary>
    public bool SkipShortRecords { get; set; }

    internal void Validate()
    {
        if (!(StrideSeconds > 0) || double.IsInfinity(StrideSeconds))
            throw new ArgumentOutOfRangeException(nameof(StrideSeconds), StrideSeconds, "must be a positive finite number of seconds");
    }
}
