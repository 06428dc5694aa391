namespace DBeta.MLNet;

/// <summary>
/// PTB-XL's statement table, <c>scp_statements.csv</c>: per SCP-ECG code (the first column) its <c>diagnostic</c>,
/// <c>form</c> and <c>rhythm</c> flags (1.0 or empty) and, for diagnostic statements, <c>diagnostic_class</c> and
/// <c>diagnostic_subclass</c>, and its <c>description</c>. It maps a record's statements to the labels of a
/// <see cref="PtbXlLabelSet"/> and describes those labels in words.
/// </summary>
internal sealed class PtbXlStatements
{
    /// <summary>The file name in a PTB-XL folder.</summary>
    public const string FileName = "scp_statements.csv";

    private const string ClassPromptsResource = "DBeta.MLNet.Data.Datasets.PtbXl.ptbxl-class-prompts.json";

    // The diagnostic classes and subclasses have no row of their own, so their wording is this project's.
    private static readonly Lazy<PromptSet> ClassWording = new(() => PromptSet.LoadResource(ClassPromptsResource));

    private sealed record Statement(bool Diagnostic, bool Form, bool Rhythm, string Class, string Subclass, string Description);

    private readonly Dictionary<string, Statement> _statements;

    private PtbXlStatements(string path, Dictionary<string, Statement> statements)
    {
        Path = path;
        _statements = statements;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">A missing column, a flag that is not 1/empty, a code listed twice, or a diagnostic statement without a class.</exception>
    public static PtbXlStatements Load(string path)
    {
        using var csv = DatasetCsv.Open(path, "PTB-XL statement table");
        int diagnostic = csv.Column("diagnostic"), form = csv.Column("form"), rhythm = csv.Column("rhythm");
        int @class = csv.Column("diagnostic_class"), subclass = csv.Column("diagnostic_subclass");
        int description = csv.OptionalColumn("description");
        var statements = new Dictionary<string, Statement>(StringComparer.Ordinal);
        foreach (var (row, line, fields) in csv.Rows())
        {
            string code = fields[0].Trim(); // the first column, unnamed as pandas writes an index
            if (code.Length == 0) throw new EcgDataException(path, $"row {row} (line {line}): the statement code (first column) is empty");
            var statement = new Statement(
                Flag(csv, row, line, fields, diagnostic), Flag(csv, row, line, fields, form), Flag(csv, row, line, fields, rhythm),
                fields[@class].Trim(), fields[subclass].Trim(), description < 0 ? "" : fields[description].Trim());
            if (statement.Diagnostic && (statement.Class.Length == 0 || statement.Subclass.Length == 0))
                throw new EcgDataException(path, $"row {row} (line {line}): diagnostic statement {code} has no diagnostic_class or diagnostic_subclass");
            if (!statements.TryAdd(code, statement)) throw new EcgDataException(path, $"row {row} (line {line}): statement {code} is listed twice");
        }
        if (statements.Count == 0) throw new EcgDataException(path, "lists no statements");
        return new PtbXlStatements(path, statements);
    }

    /// <summary>Whether the table lists <paramref name="code"/>.</summary>
    public bool Contains(string code) => _statements.ContainsKey(code);

    /// <summary>The label names of <paramref name="set"/>, in ordinal order (as the benchmark's label binarizer sorts them).</summary>
    public IReadOnlyList<string> Names(PtbXlLabelSet set) =>
        [.. _statements.Keys.Select(code => LabelOf(code, set)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The label statement <paramref name="code"/> gives in <paramref name="set"/>, or null when it gives none.</summary>
    public string? LabelOf(string code, PtbXlLabelSet set)
    {
        var s = _statements[code];
        return set switch
        {
            PtbXlLabelSet.All => code,
            PtbXlLabelSet.Diagnostic => s.Diagnostic ? code : null,
            PtbXlLabelSet.Subdiagnostic => s.Diagnostic ? s.Subclass : null,
            PtbXlLabelSet.Superdiagnostic => s.Diagnostic ? s.Class : null,
            PtbXlLabelSet.Form => s.Form ? code : null,
            PtbXlLabelSet.Rhythm => s.Rhythm ? code : null,
            _ => throw new ArgumentOutOfRangeException(nameof(set), set, "unknown PTB-XL label set"),
        };
    }

    /// <summary>
    /// <paramref name="label"/> of <paramref name="set"/> in words: a statement's <c>description</c>; for the
    /// diagnostic classes and subclasses this project's wording (<c>ptbxl-class-prompts.json</c>), else the description
    /// of the statement of the same code. Null when neither exists.
    /// </summary>
    public string? Describe(string label, PtbXlLabelSet set)
    {
        if (set is PtbXlLabelSet.Subdiagnostic or PtbXlLabelSet.Superdiagnostic && ClassWording.Value.IndexOf(label) >= 0)
            return ClassWording.Value[label];
        return _statements.TryGetValue(label, out var statement) && statement.Description.Length > 0 ? statement.Description : null;
    }

    private static bool Flag(DatasetCsv csv, int row, int line, string[] fields, int column) => fields[column].Trim() switch
    {
        "" or "0" or "0.0" => false,
        "1" or "1.0" => true,
        var other => throw new EcgDataException(csv.Path, $"row {row} (line {line}), column '{csv.Columns[column]}': '{other}' is not a flag (1.0 or empty)"),
    };
}
