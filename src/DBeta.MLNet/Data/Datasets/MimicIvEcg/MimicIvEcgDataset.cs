namespace DBeta.MLNet;

/// <summary>
/// MIMIC-IV-ECG in its own layout: the rows of <c>record_list.csv</c> in file order, ids from <c>study_id</c>, WFDB
/// records at <c>path</c> under the folder, each with its <c>subject_id</c> and its machine report from
/// <c>machine_measurements.csv</c>. It has no labels; the report is the text side.
/// </summary>
internal sealed class MimicIvEcgDataset : IEcgDataset
{
    private readonly string[] _headers;

    private MimicIvEcgDataset(string path, string[] ids, string[] subjects, string[] reports, string[] headers, string[] skipped, int withoutReport)
    {
        Path = path;
        Ids = ids;
        SubjectIds = subjects;
        Reports = reports;
        _headers = headers;
        Skipped = skipped;
        StudiesWithoutReport = withoutReport;
        Labels = EcgLabels.FromValues(path, "study_id", [], ids, []);
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The <c>subject_id</c> of each record of <see cref="Ids"/> (for patient-level splits).</summary>
    public IReadOnlyList<string> SubjectIds { get; }

    /// <summary>The machine report of each record of <see cref="Ids"/>; empty when the measurements have no row for it.</summary>
    public IReadOnlyList<string> Reports { get; }

    /// <summary>Records whose study has no row in the machine measurements (their report is empty).</summary>
    public int StudiesWithoutReport { get; }

    /// <summary>No label columns: MIMIC-IV-ECG's text is its report.</summary>
    public EcgLabels Labels { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Reads the MIMIC-IV-ECG folder <paramref name="path"/>: the record list, which records exist, and their reports.</summary>
    /// <exception cref="FileNotFoundException">The folder or one of its CSV files does not exist.</exception>
    /// <exception cref="EcgDataException">A bad row, a study listed twice, or listed records missing on disk.</exception>
    public static MimicIvEcgDataset Open(string path, MimicIvEcgOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.ReportSeparator, "MimicIvEcgOptions.ReportSeparator");
        if (!Directory.Exists(path)) throw new FileNotFoundException($"MIMIC-IV-ECG folder not found: {path}", path);

        var ids = new List<string>();
        var subjects = new List<string>();
        var headers = new List<string>();
        var missing = new List<string>();
        var lineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        string listPath = System.IO.Path.Combine(path, options.RecordListFile);
        using (var csv = DatasetCsv.Open(listPath, "MIMIC-IV-ECG record list"))
        {
            int subjectColumn = csv.Column("subject_id"), studyColumn = csv.Column("study_id"), pathColumn = csv.Column("path");
            foreach (var (row, line, fields) in csv.Rows())
            {
                string id = fields[studyColumn].Trim(), record = fields[pathColumn].Trim();
                if (id.Length == 0) throw new EcgDataException(listPath, $"row {row} (line {line}): study_id is empty");
                if (record.Length == 0) throw new EcgDataException(listPath, $"row {row} (line {line}): path is empty", id);
                if (!lineOf.TryAdd(id, line))
                    throw new EcgDataException(listPath, $"row {row} (line {line}): study_id {id} appears again (first on line {lineOf[id]})", id);
                string header = System.IO.Path.Combine(path, record + ".hea");
                if (!File.Exists(header))
                {
                    missing.Add($"{id}: missing on disk ({record}.hea)");
                    continue;
                }
                ids.Add(id);
                subjects.Add(fields[subjectColumn].Trim());
                headers.Add(header);
            }
        }
        var skipped = new List<string>();
        MissingRecordRule.Apply(options.MissingRecords, listPath, $"listed record(s) are missing on disk under {path}", missing, skipped);
        if (ids.Count == 0) throw new EcgDataException(listPath, $"no records to load ({missing.Count} listed but missing on disk)");

        string?[] found = options.MeasurementsFile is { } measurements
            ? MimicIvEcgReports.Read(System.IO.Path.Combine(path, measurements), ids, options.ReportSeparator)
            : new string?[ids.Count];
        int withoutReport = options.MeasurementsFile is null ? 0 : found.Count(r => r is null);
        return new MimicIvEcgDataset(path, [.. ids], [.. subjects], [.. found.Select(r => r ?? "")], [.. headers], [.. skipped], withoutReport);
    }

    /// <inheritdoc/>
    public IEcgSource OpenSource()
    {
        var source = new WfdbEcgSource(_headers);
        return new IdMappedEcgSource(source, Ids, Path);
    }
}
