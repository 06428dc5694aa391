using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// PTB-XL in its own layout: the rows of <c>ptbxl_database.csv</c> in the chosen folds, in file order, each labelled
/// from its <c>scp_codes</c> (every statement counts, whatever its likelihood) through <c>scp_statements.csv</c>, read
/// from <c>filename_lr</c> (100 Hz) or <c>filename_hr</c> (500 Hz). Ids are the <c>ecg_id</c> values. Records without
/// a label in the chosen set are left out and listed in <see cref="Skipped"/>, as are records missing on disk when
/// <see cref="MissingRecordHandling.Skip"/> is chosen.
/// </summary>
internal sealed class PtbXlDataset : IEcgDataset
{
    /// <summary>The database file name in a PTB-XL folder.</summary>
    public const string DatabaseFileName = "ptbxl_database.csv";

    private readonly string[] _headers;
    private readonly PtbXlStatements _statements;
    private readonly PtbXlLabelSet _labelSet;

    private PtbXlDataset(string path, int sampleRate, string[] ids, string[] headers, int[] folds, string[] patientIds, EcgLabels labels, string[] skipped,
        PtbXlStatements statements, PtbXlLabelSet labelSet)
    {
        _statements = statements;
        _labelSet = labelSet;
        Path = path;
        SampleRate = sampleRate;
        Ids = ids;
        _headers = headers;
        Folds = folds;
        PatientIds = patientIds;
        Labels = labels;
        Skipped = skipped;
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <summary>The rate chosen, 100 or 500 Hz.</summary>
    public int SampleRate { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The <c>strat_fold</c> of each record of <see cref="Ids"/>.</summary>
    public IReadOnlyList<int> Folds { get; }

    /// <summary>The <c>patient_id</c> of each record of <see cref="Ids"/>, as written (for patient-level checks).</summary>
    public IReadOnlyList<string> PatientIds { get; }

    /// <inheritdoc/>
    public EcgLabels Labels { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>The WFDB header of each record of <see cref="Ids"/>.</summary>
    public IReadOnlyList<string> HeaderPaths => _headers;

    /// <summary>Reads the PTB-XL folder <paramref name="path"/>: both CSV files, and which records exist on disk.</summary>
    /// <exception cref="FileNotFoundException">The folder or one of its CSV files does not exist.</exception>
    /// <exception cref="EcgDataException">A bad row (the message names the file, the row, the line and the ecg_id), or listed records missing on disk.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A rate other than 100 or 500, or a fold outside 1-10.</exception>
    public static PtbXlDataset Open(string path, PtbXlOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.SampleRate is not (100 or 500))
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate, "PtbXlOptions.SampleRate must be 100 or 500 (PTB-XL's records100/ and records500/)");
        ArgumentNullException.ThrowIfNull(options.Folds, "PtbXlOptions.Folds");
        if (options.Folds.Count == 0 || options.Folds.Any(f => f is < 1 or > 10))
            throw new ArgumentOutOfRangeException(nameof(options), $"PtbXlOptions.Folds must name folds 1 to 10, got [{string.Join(", ", options.Folds)}]");
        if (!Directory.Exists(path)) throw new FileNotFoundException($"PTB-XL folder not found: {path}", path);

        var statements = PtbXlStatements.Load(System.IO.Path.Combine(path, PtbXlStatements.FileName));
        var names = statements.Names(options.LabelSet);
        var column = names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var folds = options.Folds.ToHashSet();
        string setName = options.LabelSet.ToString().ToLowerInvariant();
        string noLabel = options.LabelSet == PtbXlLabelSet.All ? "no statement" : $"no {setName} statement";

        var ids = new List<string>();
        var headers = new List<string>();
        var recordFolds = new List<int>();
        var patients = new List<string>();
        var values = new List<float>();
        var skipped = new List<string>();
        var missing = new List<string>();
        string databasePath = System.IO.Path.Combine(path, DatabaseFileName);
        using (var csv = DatasetCsv.Open(databasePath, "PTB-XL database"))
        {
            int idColumn = csv.Column("ecg_id"), codesColumn = csv.Column("scp_codes"), foldColumn = csv.Column("strat_fold");
            int fileColumn = csv.Column(options.SampleRate == 100 ? "filename_lr" : "filename_hr");
            int patientColumn = csv.OptionalColumn("patient_id");
            var row = new float[names.Count];
            foreach (var (number, line, fields) in csv.Rows())
            {
                string id = fields[idColumn].Trim();
                string where = $"row {number} (line {line})";
                if (id.Length == 0) throw new EcgDataException(databasePath, $"{where}: ecg_id is empty");
                string foldText = fields[foldColumn].Trim();
                if (!int.TryParse(foldText, NumberStyles.None, CultureInfo.InvariantCulture, out int fold) || fold is < 1 or > 10)
                    throw new EcgDataException(databasePath, $"{where}: strat_fold '{foldText}' is not a fold 1-10", id);
                if (!folds.Contains(fold)) continue;

                IReadOnlyList<(string Code, double Likelihood)> codes;
                try
                {
                    codes = ScpCodes.Parse(fields[codesColumn]);
                }
                catch (FormatException e)
                {
                    throw new EcgDataException(databasePath, $"{where}: scp_codes \"{fields[codesColumn]}\" is not a dict of statement codes to likelihoods: {e.Message}", id, e);
                }
                Array.Clear(row);
                bool any = false;
                foreach (var (code, _) in codes)
                {
                    if (!statements.Contains(code))
                        throw new EcgDataException(databasePath, $"{where}: scp_codes names statement '{code}', which {PtbXlStatements.FileName} does not list", id);
                    if (statements.LabelOf(code, options.LabelSet) is { } label)
                    {
                        row[column[label]] = 1;
                        any = true;
                    }
                }
                if (!any)
                {
                    skipped.Add($"{id}: {noLabel} in scp_codes {fields[codesColumn]}");
                    continue;
                }

                string file = fields[fileColumn].Trim();
                if (file.Length == 0) throw new EcgDataException(databasePath, $"{where}: {csv.Columns[fileColumn]} is empty", id);
                string header = System.IO.Path.Combine(path, file + ".hea");
                if (!File.Exists(header))
                {
                    missing.Add($"{id}: missing on disk ({file}.hea)");
                    continue;
                }
                ids.Add(id);
                headers.Add(header);
                recordFolds.Add(fold);
                patients.Add(patientColumn >= 0 ? fields[patientColumn].Trim() : "");
                values.AddRange(row);
            }
        }

        MissingRecordRule.Apply(options.MissingRecords, databasePath, $"listed record(s) are missing on disk under {path}", missing, skipped);
        if (ids.Count == 0)
            throw new EcgDataException(databasePath,
                $"no records to load from folds [{string.Join(", ", options.Folds)}] with a {setName} label ({skipped.Count} left out: {string.Join("; ", skipped.Take(5))}{(skipped.Count > 5 ? "; ..." : "")})");
        var labels = EcgLabels.FromValues(databasePath, "ecg_id", names, ids, [.. values]);
        return new PtbXlDataset(path, options.SampleRate, [.. ids], [.. headers], [.. recordFolds], [.. patients], labels, [.. skipped], statements, options.LabelSet);
    }

    /// <summary>The benchmark's split by <c>strat_fold</c>: 1-8 train, 9 validation, 10 test.</summary>
    public IReadOnlyList<EcgSplitPart> StandardSplit =>
        [.. Folds.Select(f => PtbXlFolds.Test.Contains(f) ? EcgSplitPart.Test : PtbXlFolds.Validation.Contains(f) ? EcgSplitPart.Validation : EcgSplitPart.Train)];

    /// <inheritdoc/>
    public string? DescribeLabel(string label) => _statements.Describe(label, _labelSet);

    /// <summary>Opens the WFDB records of <see cref="Ids"/>; their headers must state the chosen rate.</summary>
    /// <exception cref="EcgDataException">A header or signal file is bad, or a header's rate is not the chosen one.</exception>
    public IEcgSource OpenSource()
    {
        var source = new WfdbEcgSource(_headers);
        try
        {
            if (source.SampleRate != SampleRate)
                throw new EcgDataException(_headers[0],
                    $"states {source.SampleRate.ToString(CultureInfo.InvariantCulture)} Hz, but PTB-XL's {(SampleRate == 100 ? "filename_lr" : "filename_hr")} records are {SampleRate} Hz",
                    Ids[0]);
            return new IdMappedEcgSource(source, Ids, Path);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }
}
