using System.Text;

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
        AtomicFile.Write(path, stream =>
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            w.WriteLine((examIds is null ? "" : "exam_id,") + string.Join(",", CodeLabels.Names));
            int row = 0;
            var line = new StringBuilder();
            foreach (var labels in rows)
            {
                if (labels.Count != CodeLabels.Names.Count)
                    throw new ArgumentException($"row {row} has {labels.Count} labels, expected {CodeLabels.Names.Count} ({string.Join(",", CodeLabels.Names)})", nameof(rows));
                line.Clear();
                if (examIds is not null)
                {
                    if (row >= examIds.Count) throw new ArgumentException($"more label rows than exam ids ({examIds.Count})", nameof(rows));
                    line.Append(examIds[row]).Append(',');
                }
                for (int i = 0; i < labels.Count; i++)
                {
                    if (i > 0) line.Append(',');
                    line.Append(labels[i] ? '1' : '0');
                }
                w.WriteLine(line);
                row++;
            }
            if (examIds is not null && row != examIds.Count)
                throw new ArgumentException($"{row} label rows for {examIds.Count} exam ids", nameof(rows));
            w.Flush();
        });
    }
}
