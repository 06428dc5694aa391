namespace DBeta.MLNet;

/// <summary>Options for loading MIMIC-IV-ECG (<c>record_list.csv</c>, <c>machine_measurements.csv</c>, WFDB records under <c>files/</c>).</summary>
public sealed class MimicIvEcgOptions : EcgDatasetOptions
{
    /// <summary>The record table (subject_id, study_id, path), relative to the folder or absolute. Default: <c>record_list.csv</c>.</summary>
    public string RecordListFile { get; set; } = "record_list.csv";

    /// <summary>
    /// The machine measurements with the report statements <c>report_0</c> ... <c>report_17</c>, relative to the folder or
    /// absolute; null to load without reports (the <c>Report</c> column is then empty). Default: <c>machine_measurements.csv</c>.
    /// </summary>
    public string? MeasurementsFile { get; set; } = "machine_measurements.csv";

    /// <summary>
    /// What joins a study's report statements: each is trimmed, empty ones are dropped, and the rest joined in
    /// <c>report_0</c> ... <c>report_17</c> order, case kept (the text encoder lowercases). Default: <c>". "</c>.
    /// </summary>
    public string ReportSeparator { get; set; } = ". ";
}
