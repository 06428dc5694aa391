namespace DBeta.MLNet;

/// <summary>
/// Per-record columns a dataset reader adds to its <see cref="EcgDataView"/> beside the labels (age, sex, source
/// database, a report's text): each holds one value per record of the source, in the source's order.
/// </summary>
internal sealed class EcgRecordColumns
{
    private readonly List<(string Name, string[] Values)> _text = [];
    private readonly List<(string Name, float[] Values)> _numbers = [];

    /// <summary>Text columns, in the order added.</summary>
    public IReadOnlyList<(string Name, string[] Values)> Text => _text;

    /// <summary>Single-precision columns (NaN where a value is unknown), in the order added.</summary>
    public IReadOnlyList<(string Name, float[] Values)> Numbers => _numbers;

    /// <summary>All column names, text first.</summary>
    public IEnumerable<string> Names => _text.Select(c => c.Name).Concat(_numbers.Select(c => c.Name));

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
}
