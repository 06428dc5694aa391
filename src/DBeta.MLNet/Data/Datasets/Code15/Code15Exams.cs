using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// CODE-15%'s exam table, <c>exams.csv</c>: per <c>exam_id</c> the six labels (<see cref="CodeLabels.Names"/>, written
/// <c>True</c>/<c>False</c>), <c>patient_id</c> and <c>trace_file</c>, the HDF5 part that holds the tracing.
/// </summary>
internal sealed class Code15Exams
{
    /// <summary>The table's name in a CODE-15% folder.</summary>
    public const string DefaultFileName = "exams.csv";

    /// <summary>One exam: its labels in <see cref="CodeLabels.Names"/> order, patient, part file and where the table lists it.</summary>
    public sealed record Exam(string Id, float[] Labels, string PatientId, string TraceFile, int Row, int Line);

    private readonly Dictionary<string, Exam> _exams;

    private Code15Exams(string path, Dictionary<string, Exam> exams, List<Exam> inOrder)
    {
        Path = path;
        _exams = exams;
        InOrder = inOrder;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>The exams in table order.</summary>
    public IReadOnlyList<Exam> InOrder { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">A missing column, an empty or repeated exam_id, or a label that is not True/False (or 0/1).</exception>
    public static Code15Exams Load(string path)
    {
        using var csv = DatasetCsv.Open(path, "CODE-15% exam table");
        int idColumn = csv.Column("exam_id");
        int[] labelColumns = [.. CodeLabels.Names.Select(csv.Column)];
        int patientColumn = csv.OptionalColumn("patient_id"), traceColumn = csv.OptionalColumn("trace_file");
        var exams = new Dictionary<string, Exam>(StringComparer.Ordinal);
        var inOrder = new List<Exam>();
        foreach (var (row, line, fields) in csv.Rows())
        {
            string id = NormalizeId(fields[idColumn]);
            if (id.Length == 0) throw new EcgDataException(path, $"row {row} (line {line}): exam_id is empty");
            var labels = new float[labelColumns.Length];
            for (int k = 0; k < labels.Length; k++)
                labels[k] = ParseLabel(fields[labelColumns[k]]) ?? throw new EcgDataException(path,
                    $"row {row} (line {line}), column '{CodeLabels.Names[k]}': '{fields[labelColumns[k]]}' is not True/False", id);
            var exam = new Exam(id, labels, patientColumn >= 0 ? fields[patientColumn].Trim() : "",
                traceColumn >= 0 ? fields[traceColumn].Trim() : "", row, line);
            if (!exams.TryAdd(id, exam))
                throw new EcgDataException(path, $"row {row} (line {line}): exam_id {id} appears again (first on line {exams[id].Line})", id);
            inOrder.Add(exam);
        }
        return new Code15Exams(path, exams, inOrder);
    }

    /// <summary>The exam with id <paramref name="id"/>, or null.</summary>
    public Exam? Find(string id) => _exams.GetValueOrDefault(id);

    /// <summary>An exam id as the HDF5 part's <c>exam_id</c> reads back: the integer without a <c>.0</c> a spreadsheet may add.</summary>
    public static string NormalizeId(string text)
    {
        string id = text.Trim();
        return id.EndsWith(".0", StringComparison.Ordinal) && long.TryParse(id[..^2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            ? id[..^2] : id;
    }

    private static float? ParseLabel(string field) => field.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "1.0" => 1,
        "false" or "0" or "0.0" => 0,
        _ => null,
    };
}
