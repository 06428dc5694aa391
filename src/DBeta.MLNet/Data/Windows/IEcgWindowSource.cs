namespace DBeta.MLNet;

/// <summary>A source whose rows may be windows of longer records (<see cref="EcgWindowOptions"/>): which record and where each row starts.</summary>
internal interface IEcgWindowSource : IEcgSource
{
    /// <summary>True when rows are windows; false when each row is a whole record.</summary>
    bool HasWindows { get; }

    /// <summary>Index, among the records opened, of row <paramref name="index"/>'s record.</summary>
    int RecordIndexOf(int index);

    /// <summary>Id of row <paramref name="index"/>'s record.</summary>
    string GetRecordId(int index);

    /// <summary>Seconds from the record's start to the row's first sample.</summary>
    double GetWindowStart(int index);

    /// <summary>Records left out for being shorter than one window, as <c>id: reason</c>.</summary>
    IReadOnlyList<string> Skipped { get; }
}
