using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Reads per-label score columns from a CSV laid out like CODE-test's <c>gold_standard.csv</c> (a header of label
/// names, one row per ECG in ECG order) whose values are scores or probabilities. A value that is not a finite number,
/// a ragged row or a missing column is an <see cref="EcgDataException"/> naming the file, the row and the column.
/// </summary>
internal static class ScoresCsv
{
    /// <summary>The columns <paramref name="names"/> of <paramref name="path"/>, one <c>double[]</c> per name.</summary>
    public static double[][] Read(string path, IReadOnlyList<string> names)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"scores file not found: {path}", path);
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvReader(text);
        try
        {
            var header = csv.ReadRecord() ?? throw new EcgDataException(path, "is empty; expected a header line of label names, e.g. 1dAVb,RBBB,LBBB,SB,AF,ST");
            string[] columns = header.Fields.Select(c => c.Trim()).ToArray();
            int[] index = names.Select(name =>
            {
                int i = Array.IndexOf(columns, name);
                if (i < 0) throw new EcgDataException(path, $"has no column '{name}' (columns: {string.Join(", ", columns)})");
                if (Array.LastIndexOf(columns, name) != i) throw new EcgDataException(path, $"has column '{name}' twice");
                return i;
            }).ToArray();

            var values = names.Select(_ => new List<double>()).ToArray();
            while (csv.ReadRecord() is var (line, fields))
            {
                int row = values[0].Count;
                if (fields.Length != columns.Length)
                    throw new EcgDataException(path, $"row {row + 1} (line {line}) has {fields.Length} fields, the header has {columns.Length}");
                for (int j = 0; j < index.Length; j++)
                {
                    string field = fields[index[j]].Trim();
                    if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                        throw new EcgDataException(path, $"row {row + 1} (line {line}), column '{names[j]}': '{field}' is not a finite number");
                    values[j].Add(v);
                }
            }
            if (values[0].Count == 0) throw new EcgDataException(path, "has a header but no data rows");
            return values.Select(v => v.ToArray()).ToArray();
        }
        catch (FormatException e)
        {
            throw new EcgDataException(path, e.Message, inner: e);
        }
    }
}
