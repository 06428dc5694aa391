namespace DBeta.MLNet;

/// <summary>
/// Per-record columns a dataset reader adds to its <see cref="EcgDataView"/> beside the labels (age, sex, source
/// database, a report's text): each holds one value per record of the source, in the source's order.
/// </summary>
internal sealed class EcgRecordColumns
{
    private readonly List<(string Name, string[] Values)> _text = [];
    private readonly List<(string Name, float[] Values)> _numbers = [];
    private readonly List<(string Name, long[] Values)> _integers = [];

    /// <summary>Text columns, in the order added.</summary>
    public IReadOnlyList<(string Name, string[] Values)> Text => _text;

    /// <summary>Single-precision columns (NaN where a value is unknown), in the order added.</summary>
    public IReadOnlyList<(string Name, float[] Values)> Numbers => _numbers;

    /// <summary>Int64 columns (a record's row in its file), in the order added.</summary>
    public IReadOnlyList<(string Name, long[] Values)> Integers => _integers;

    /// <summary>All column names: text, then single-precision, then Int64.</summary>
    public IEnumerable<string> Names => _text.Select(c => c.Name).Concat(_numbers.Select(c => c.Name)).Concat(_integers.Select(c => c.Name));

    public EcgRecordColumns AddText(string name, string[] values)
    {
        _text.Add((name, values));
        return this;
    }

    public EcgRecordColumns AddNumber(string name, float[] values)
    {
        _numbers.Add((name, values));
        return this;
    }

    public EcgRecordColumns AddInt64(string name, long[] values)
    {
        _integers.Add((name, values));
        return this;
    }

    /// <summary>A copy with the same columns (the arrays are shared), to add columns to without changing this one.</summary>
    public EcgRecordColumns Copy()
    {
        var copy = new EcgRecordColumns();
        copy._text.AddRange(_text);
        copy._numbers.AddRange(_numbers);
        copy._integers.AddRange(_integers);
        return copy;
    }
}
