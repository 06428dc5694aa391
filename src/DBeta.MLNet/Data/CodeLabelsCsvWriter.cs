using System.Globalization;
using System.Runtime.InteropServices;

namespace DBeta.MLNet;

/// <summary>
/// Writes labels in the format of CODE's <c>gold_standard.csv</c>: header <c>1dAVb,RBBB,LBBB,SB,AF,ST</c>, then one row of
/// 0/1 per record in the row order of the HDF5 file; optionally an <c>exam_id</c> column first.
/// </summary>
internal static class CodeLabelsCsvWriter
{
    /// <summary>
    /// Writes <paramref name="rows"/> (six booleans each, in <see cref="CodeLabels.Names"/> order) to <paramref name="path"/>
    /// atomically; with <paramref name="examIds"/> the first column is <c>exam_id</c>.
    /// </summary>
    public static void Write(string path, IEnumerable<IReadOnlyList<bool>> rows, IReadOnlyList<long>? examIds = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rows);
        using var csv = new CsvFileWriter(path, examIds is null ? CodeLabels.Names : ["exam_id", .. CodeLabels.Names]);
        int row = 0;
        var fields = new List<string>(CodeLabels.Names.Count + 1);
        foreach (var labels in rows)
        {
            if (labels.Count != CodeLabels.Names.Count)
                throw new ArgumentException($"row {row} has {labels.Count} labels, expected {CodeLabels.Names.Count} ({string.Join(",", CodeLabels.Names)})", nameof(rows));
            fields.Clear();
            if (examIds is not null)
            {
                if (row >= examIds.Count) throw new ArgumentException($"more label rows than exam ids ({examIds.Count})", nameof(rows));
                fields.Add(examIds[row].ToString(CultureInfo.InvariantCulture));
            }
            foreach (bool label in labels) fields.Add(label ? "1" : "0");
            csv.WriteRow(CollectionsMarshal.AsSpan(fields));
            row++;
        }
        if (examIds is not null && row != examIds.Count)
            throw new ArgumentException($"{row} label rows for {examIds.Count} exam ids", nameof(rows));
        csv.Commit();
    }
}
