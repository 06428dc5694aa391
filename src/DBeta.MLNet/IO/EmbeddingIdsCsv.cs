using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// The CSV written beside a <c>.npy</c> of rows (<c>dbeta embed --ids</c>, <c>dbeta preprocess --ids</c>, <c>dbeta merge --ids</c>,
/// npy parts): a header <c>Id,SourceFile,RowIndex</c> and one line per row of the array, in the same order: the record's
/// id, the input file it came from and its row in that file (fields quoted per RFC 4180 when needed).
/// </summary>
internal static class EmbeddingIdsCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "Id,SourceFile,RowIndex";

    /// <summary>Starts an ids CSV at <paramref name="path"/>; rows go in with <see cref="Add"/>, the file appears on commit.</summary>
    public static CsvFileWriter Create(string path) => new(path, Header.Split(','));

    /// <summary>Writes one record's row.</summary>
    public static void Add(this CsvFileWriter writer, string id, string sourceFile, long rowIndex) =>
        writer.WriteRow(id, sourceFile, rowIndex.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads the rows of an ids CSV written by <see cref="Add"/>.</summary>
    /// <exception cref="EmbeddingFileException">The header or a line is not as written.</exception>
    internal static IEnumerable<(string Id, string SourceFile, long RowIndex)> Read(string path)
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
        if (header is not { Fields: ["Id", "SourceFile", "RowIndex"] })
            throw new EmbeddingFileException(path, $"line 1 is not the header '{Header}'");
        while (Next() is { } record)
        {
            var (line, fields) = record;
            if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out long row))
                throw new EmbeddingFileException(path, $"line {line} is not 'id,source_file,row_index'");
            yield return (fields[0], fields[1], row);
        }
    }
}
