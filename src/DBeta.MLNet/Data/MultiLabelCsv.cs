using System.Globalization;

namespace DBeta.MLNet.Data;

/// <summary>
/// Reads per-label columns from a CSV laid out like CODE-test's <c>gold_standard.csv</c>: a header of label names
/// (<c>1dAVb,RBBB,LBBB,SB,AF,ST</c>) and one row per ECG, in ECG order. Labels are 0/1 (also 0.0/1.0, False/True);
/// scores are finite numbers. Any other value, a ragged row or a missing column is an <see cref="EcgDataException"/>
/// naming the file, the row (as the record, 0-based ECG index) and the column.
/// </summary>
internal static class MultiLabelCsv
{
    /// <summary>The columns of <paramref name="path"/> named in <paramref name="names"/> (all columns when null), as 0/1 labels.</summary>
    public static (string[] Names, bool[][] Columns) ReadLabels(string path, IReadOnlyList<string>? names = null) =>
        Read(path, names, "a binary label (0 or 1)", ParseLabel);

    /// <summary>The columns of <paramref name="path"/> named in <paramref name="names"/> (all columns when null), as finite scores.</summary>
    public static (string[] Names, double[][] Columns) ReadScores(string path, IReadOnlyList<string>? names = null) =>
        Read(path, names, "a finite number", ParseScore);

    private static bool? ParseLabel(string text) => text switch
    {
        "0" or "0.0" or "False" or "false" => false,
        "1" or "1.0" or "True" or "true" => true,
        _ => null,
    };

    private static double? ParseScore(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    private static (string[] Names, T[][] Columns) Read<T>(string path, IReadOnlyList<string>? names, string expected, Func<string, T?> parse)
        where T : struct
    {
        using var reader = new StreamReader(path); // FileNotFoundException names the path.
        string? headerLine = reader.ReadLine();
        int line = 1;
        while (headerLine is not null && headerLine.Trim().Length == 0) { headerLine = reader.ReadLine(); line++; }
        if (headerLine is null)
            throw new EcgDataException(path, "is empty; expected a header line of label names, e.g. 1dAVb,RBBB,LBBB,SB,AF,ST");
        string[] header = Split(headerLine);
        for (int c = 0; c < header.Length; c++)
        {
            if (header[c].Length == 0)
                throw new EcgDataException(path, $"header column {c + 1} has no name");
            if (Array.IndexOf(header, header[c]) != c)
                throw new EcgDataException(path, $"header names column '{header[c]}' twice");
        }
        string[] selected = names?.ToArray() ?? header;
        int[] index = selected.Select(name =>
        {
            int i = Array.IndexOf(header, name);
            return i >= 0 ? i : throw new EcgDataException(path, $"has no column '{name}'; its header is {string.Join(",", header)}");
        }).ToArray();

        var columns = selected.Select(_ => new List<T>()).ToArray();
        int row = 0;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Trim().Length == 0) continue;
            string[] fields = Split(text);
            if (fields.Length != header.Length)
                throw new EcgDataException(path, $"line {line} has {fields.Length} fields, the header has {header.Length}", row.ToString(CultureInfo.InvariantCulture));
            for (int j = 0; j < index.Length; j++)
            {
                string field = fields[index[j]];
                columns[j].Add(parse(field) ?? throw new EcgDataException(path,
                    $"column '{selected[j]}' on line {line} is '{field}', expected {expected}", row.ToString(CultureInfo.InvariantCulture)));
            }
            row++;
        }
        if (row == 0)
            throw new EcgDataException(path, "has a header but no data rows");
        return (selected, columns.Select(c => c.ToArray()).ToArray());
    }

    // CODE's label files have no quoted fields; surrounding quotes and spaces are tolerated.
    private static string[] Split(string line) =>
        line.Split(',').Select(f => f.Trim().Trim('"').Trim()).ToArray();
}
