using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Binary labels per record from a CSV file, matched to an <see cref="IEcgSource"/> by row order or joined on an id
/// column. Values are <c>0</c>/<c>1</c> (also <c>0.0</c>/<c>1.0</c> and <c>False</c>/<c>True</c>, as CODE-15's
/// <c>exams.csv</c> writes them); anything else is an <see cref="EcgDataException"/> naming the file, the row and the column.
/// </summary>
public sealed class EcgLabels
{
    private readonly float[] _values; // [rows, Names.Count]
    private readonly string[]? _ids;
    private readonly int[] _lines;
    private readonly Dictionary<string, int>? _rowOfId;

    private EcgLabels(string path, string? idColumn, string[] names, float[] values, string[]? ids, int[] lines, Dictionary<string, int>? rowOfId)
    {
        Path = path;
        IdColumn = idColumn;
        Names = names;
        _values = values;
        _ids = ids;
        _lines = lines;
        _rowOfId = rowOfId;
    }

    /// <summary>The CSV file read.</summary>
    public string Path { get; }

    /// <summary>The id column joined on, or null when rows match records by order.</summary>
    public string? IdColumn { get; }

    /// <summary>Label names, in column order (e.g. <c>1dAVb, RBBB, LBBB, SB, AF, ST</c>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Data rows in the file.</summary>
    public int RowCount => _lines.Length;

    /// <summary>Reads <paramref name="path"/>: a header line, then one row per record.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">A missing column, a ragged row, a value that is not 0/1, or a duplicate id.</exception>
    public static EcgLabels LoadCsv(string path, EcgLabelOptions? options = null)
    {
        options ??= new EcgLabelOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"label file not found: {path}", path);
        using var text = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        var csv = new CsvReader(text);
        try
        {
            var header = csv.ReadRecord() ?? throw new EcgDataException(path, "is empty; expected a header line with the label names");
            string[] columns = header.Fields.Select(c => c.Trim()).ToArray();

            int idIndex = -1;
            if (options.IdColumn is not null)
                idIndex = ColumnIndex(path, columns, options.IdColumn);
            int[] labelIndices = options.LabelColumns is { } wanted
                ? wanted.Select(name => ColumnIndex(path, columns, name)).ToArray()
                : Enumerable.Range(0, columns.Length).Where(i => i != idIndex).ToArray();
            if (labelIndices.Length == 0) throw new EcgDataException(path, "has no label columns");
            string[] names = labelIndices.Select(i => columns[i]).ToArray();
            var duplicateName = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
            if (duplicateName is not null) throw new EcgDataException(path, $"label column '{duplicateName.Key}' appears twice");

            var values = new List<float>();
            var ids = idIndex >= 0 ? new List<string>() : null;
            var rowOfId = idIndex >= 0 ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
            var lines = new List<int>();
            while (csv.ReadRecord() is var (line, fields))
            {
                int row = lines.Count + 1;
                if (fields.Length != columns.Length)
                    throw new EcgDataException(path, $"row {row} (line {line}) has {fields.Length} fields, the header has {columns.Length}");
                if (ids is not null)
                {
                    string id = fields[idIndex].Trim();
                    if (id.Length == 0) throw new EcgDataException(path, $"row {row} (line {line}): column '{columns[idIndex]}' is empty");
                    if (!rowOfId!.TryAdd(id, lines.Count))
                        throw new EcgDataException(path, $"row {row} (line {line}): {columns[idIndex]} {id} appears again (first on line {lines[rowOfId[id]]})");
                    ids.Add(id);
                }
                foreach (int c in labelIndices)
                {
                    values.Add(ParseLabel(fields[c]) ?? throw new EcgDataException(path,
                        $"row {row} (line {line}), column '{columns[c]}': '{fields[c]}' is not a binary label (0/1 or False/True)"));
                }
                lines.Add(line);
            }
            return new EcgLabels(path, options.IdColumn, names, [.. values], ids?.ToArray(), [.. lines], rowOfId);
        }
        catch (FormatException e)
        {
            throw new EcgDataException(path, e.Message, inner: e);
        }
    }

    /// <summary>
    /// The labels of each record of <paramref name="source"/>, in the source's order: <c>[source.Count, Names.Count]</c>
    /// floats (0 or 1), row-major. By order, the file must have exactly one row per record; joined, every record's
    /// id must be in the file.
    /// </summary>
    /// <exception cref="EcgDataException">The row count differs, or a record's id has no row.</exception>
    internal float[] AlignTo(IEcgSource source)
    {
        var ids = new string[source.Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = source.GetId(i);
        return AlignTo(ids, source.Path);
    }

    /// <summary>Like <see cref="AlignTo(IEcgSource)"/> for records known by their ids; <paramref name="sourcePath"/> is named in errors.</summary>
    public float[] AlignTo(IReadOnlyList<string> recordIds, string sourcePath)
    {
        int k = Names.Count;
        var aligned = new float[recordIds.Count * k];
        if (_rowOfId is null)
        {
            if (RowCount != recordIds.Count)
                throw new EcgDataException(Path, $"has {RowCount} label rows but {sourcePath} has {recordIds.Count} records; by row order they must match one to one (or set IdColumn to join on ids)");
            _values.AsSpan().CopyTo(aligned);
            return aligned;
        }
        for (int i = 0; i < recordIds.Count; i++)
        {
            if (!_rowOfId.TryGetValue(recordIds[i], out int row))
                throw new EcgDataException(Path, $"has no row with {IdColumn} {recordIds[i]} (record {i} of {sourcePath})");
            _values.AsSpan(row * k, k).CopyTo(aligned.AsSpan(i * k, k));
        }
        return aligned;
    }

    /// <summary>
    /// Labels a dataset reader built in memory (PTB-XL's <c>scp_codes</c>, Challenge <c>#Dx</c> codes): row <c>i</c> is
    /// record <paramref name="ids"/>[i] with <paramref name="values"/><c>[i * names.Count ..]</c> (0 or 1), joined on
    /// <paramref name="idColumn"/>. <paramref name="path"/> is the file or folder the labels came from, named in errors.
    /// </summary>
    internal static EcgLabels FromValues(string path, string idColumn, IReadOnlyList<string> names, IReadOnlyList<string> ids, float[] values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != (long)ids.Count * names.Count)
            throw new ArgumentException($"{values.Length} values for {ids.Count} records x {names.Count} labels", nameof(values));
        var duplicateName = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateName is not null) throw new EcgDataException(path, $"label '{duplicateName.Key}' appears twice");
        var rowOfId = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
            if (!rowOfId.TryAdd(ids[i], i)) throw new EcgDataException(path, $"record {ids[i]} appears twice");
        int[] lines = Enumerable.Range(2, ids.Count).ToArray(); // as if written with a header line
        return new EcgLabels(path, idColumn, [.. names], values, [.. ids], lines, rowOfId);
    }

    /// <summary>The ids of the rows, in row order, when the labels are joined on an id column; otherwise null.</summary>
    internal IReadOnlyList<string>? Ids => _ids;

    /// <summary>The 0/1 values, row-major <c>[rows, Names.Count]</c> (the stored array: do not modify).</summary>
    internal float[] Matrix => _values;

    /// <summary>One <c>bool[rows]</c> per label, in <see cref="Names"/> order.</summary>
    internal bool[][] Columns()
    {
        int k = Names.Count;
        return [.. Enumerable.Range(0, k).Select(j => Enumerable.Range(0, RowCount).Select(r => _values[r * k + j] != 0).ToArray())];
    }

    /// <summary>The 0/1 value of label <paramref name="label"/> in row <paramref name="row"/>.</summary>
    internal float Value(int row, int label) => _values[row * Names.Count + label];

    private static int ColumnIndex(string path, string[] columns, string name)
    {
        int index = Array.IndexOf(columns, name);
        if (index < 0) throw new EcgDataException(path, $"has no column '{name}' (columns: {string.Join(", ", columns)})");
        return index;
    }

    private static float? ParseLabel(string field)
    {
        string value = field.Trim();
        if (value.Equals("true", StringComparison.OrdinalIgnoreCase)) return 1;
        if (value.Equals("false", StringComparison.OrdinalIgnoreCase)) return 0;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && number is 0 or 1)
            return (float)number;
        return null;
    }
}
