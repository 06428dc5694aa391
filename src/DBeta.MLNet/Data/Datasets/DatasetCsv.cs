namespace DBeta.MLNet;

/// <summary>
/// Streams the rows of a dataset's index CSV (PTB-XL's <c>ptbxl_database.csv</c>, CODE-15's <c>exams.csv</c>,
/// MIMIC-IV-ECG's <c>record_list.csv</c>) with its columns found by name; errors name the file, the row and the line.
/// </summary>
internal sealed class DatasetCsv : IDisposable
{
    private readonly StreamReader _text;
    private readonly CsvReader _csv;
    private readonly string[] _columns;

    private DatasetCsv(string path, StreamReader text)
    {
        Path = path;
        _text = text;
        _csv = new CsvReader(text);
        var header = Next() ?? throw new EcgDataException(path, "is empty; expected a header line with the column names");
        _columns = [.. header.Fields.Select(c => c.Trim())];
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names from the header line.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Opens <paramref name="path"/> and reads its header line.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist; <paramref name="what"/> says what it is in the message.</exception>
    public static DatasetCsv Open(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} not found: {path}", path);
        var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        try
        {
            return new DatasetCsv(path, text);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    /// <summary>Index of column <paramref name="name"/>; an <see cref="EcgDataException"/> listing the columns when absent.</summary>
    public int Column(string name)
    {
        int index = Array.IndexOf(_columns, name);
        if (index < 0) throw new EcgDataException(Path, $"has no column '{name}' (columns: {string.Join(", ", _columns)})");
        return index;
    }

    /// <summary>Index of column <paramref name="name"/>, or -1.</summary>
    public int OptionalColumn(string name) => Array.IndexOf(_columns, name);

    /// <summary>The data rows: 1-based row number, the line it starts on, and its fields (as many as the header has).</summary>
    public IEnumerable<(int Row, int Line, string[] Fields)> Rows()
    {
        int row = 0;
        while (Next() is var (line, fields))
        {
            row++;
            if (fields.Length != _columns.Length)
                throw new EcgDataException(Path, $"row {row} (line {line}) has {fields.Length} fields, the header has {_columns.Length}");
            yield return (row, line, fields);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _text.Dispose();

    private (int Line, string[] Fields)? Next()
    {
        try
        {
            return _csv.ReadRecord();
        }
        catch (FormatException e)
        {
            throw new EcgDataException(Path, e.Message, inner: e);
        }
    }
}
