using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// The machine reports of MIMIC-IV-ECG's <c>machine_measurements.csv</c>: per <c>study_id</c>, the non-empty statements
/// of <c>report_0</c> ... <c>report_17</c> (as many as the file has) joined by a separator. Only the studies asked for
/// are kept, so the 800,000-row file streams through in flat memory.
/// </summary>
internal static class MimicIvEcgReports
{
    /// <summary>The report of each study of <paramref name="studyIds"/>, or null for a study the file has no row for.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">No study_id or report_0 column, or a study listed twice.</exception>
    public static string?[] Read(string path, IReadOnlyList<string> studyIds, string separator)
    {
        var wanted = new Dictionary<string, int>(studyIds.Count, StringComparer.Ordinal);
        for (int i = 0; i < studyIds.Count; i++) wanted[studyIds[i]] = i;
        var reports = new string?[studyIds.Count];
        var lineOf = new int[studyIds.Count];
        using var csv = DatasetCsv.Open(path, "MIMIC-IV-ECG machine measurements");
        int studyColumn = csv.Column("study_id");
        csv.Column("report_0");
        var reportColumns = new List<int>();
        for (int k = 0; csv.OptionalColumn(string.Create(CultureInfo.InvariantCulture, $"report_{k}")) is var c and >= 0; k++) reportColumns.Add(c);
        var statements = new List<string>(reportColumns.Count);
        foreach (var (row, line, fields) in csv.Rows())
        {
            if (!wanted.TryGetValue(fields[studyColumn].Trim(), out int index)) continue;
            if (reports[index] is not null)
                throw new EcgDataException(path, $"row {row} (line {line}): study_id {studyIds[index]} appears again (first on line {lineOf[index]})", studyIds[index]);
            statements.Clear();
            foreach (int column in reportColumns)
                if (fields[column].Trim() is { Length: > 0 } statement) statements.Add(statement);
            reports[index] = string.Join(separator, statements);
            lineOf[index] = line;
        }
        return reports;
    }
}
