using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// The CSV written beside a <c>.npy</c> of rows (<c>dbeta embed --ids</c>, <c>dbeta preprocess --ids</c>, <c>dbeta merge --ids</c>,
/// npy parts): a header <c>Id,SourceFile,RowIndex</c> and one line per row of the array, in the same order: the record's
/// id, the file that holds it and its row in that file (fields quoted per RFC 4180 when needed): an HDF5 or <c>.npy</c>
/// input and the record's row in it; a WFDB record's own <c>.hea</c> and row 0 (with windows, the window's number in its
/// record); a CODE-15% exam's HDF5 part and its row there. The ids CSV of an npy part has a fourth column <c>Record</c>,
/// the record's index in the run's inputs, which the merge checks.
/// </summary>
internal static class EmbeddingIdsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "Id,SourceFile,RowIndex";

    /// <summary>The header line of an npy part's ids CSV.</summary>
    public const string HeaderWithRecords = Header + ",Record";

    /// <summary>Starts an ids CSV at <paramref name="path"/>; rows go in with <c>Add</c>, the file appears on commit.</summary>
    public static CsvFileWriter Create(string path, bool withRecords = false) => new(path, (withRecords ? HeaderWithRecords : Header).Split(','));

    /// <summary>Writes one record's row.</summary>
    public static void Add(this CsvFileWriter writer, string id, string sourceFile, long rowIndex) =>
        writer.WriteRow(id, sourceFile, rowIndex.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes one record's row with its record index in the run's inputs (an npy part's ids CSV).</summary>
    public static void Add(this CsvFileWriter writer, string id, string sourceFile, long rowIndex, int record) =>
        writer.WriteRow(id, sourceFile, rowIndex.ToString(CultureInfo.InvariantCulture), record.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads the rows of an ids CSV written by <see cref="Add(CsvFileWriter, string, string, long)"/>, or of an npy part's (Record -1 when the file has no such column).</summary>
    /// <exception cref="EmbeddingFileException">The header or a line is not as written.</exception>
    internal static IEnumerable<(string Id, string SourceFile, long RowIndex, int Record)> Read(string path)
    {
        using var text = new StreamReader(path);
        var csv = new CsvReader(text);
        (int Line, string[] Fields)? Next()
        {
            try
            {
                return csv.ReadRecord();
            }
            catch (FormatException e)
            {
                throw new EmbeddingFileException(path, e.Message, e);
            }
        }
        var header = Next();
        bool withRecords = header is { Fields: ["Id", "SourceFile", "RowIndex", "Record"] };
        if (!withRecords && header is not { Fields: ["Id", "SourceFile", "RowIndex"] })
            throw new EmbeddingFileException(path, $"line 1 is not the header '{Header}'");
        int width = withRecords ? 4 : 3;
        while (Next() is { } next)
        {
            var (line, fields) = next;
            int record = -1;
            if (fields.Length != width || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long row)
                || (withRecords && !int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out record)))
                throw new EmbeddingFileException(path, $"line {line} is not 'id,source_file,row_index{(withRecords ? ",record" : "")}'");
            yield return (fields[0], fields[1], row, record);
        }
    }
}
