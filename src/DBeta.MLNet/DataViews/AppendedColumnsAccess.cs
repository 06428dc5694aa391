using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// The columns of one row or cursor of an <see cref="IColumnAppender"/>: input columns pass through, appended ones come
/// from <see cref="IColumnAppender.Attach"/>. Owned by one row or cursor, like ML.NET getters.
/// </summary>
internal sealed class AppendedColumnsAccess
{
    private readonly IColumnAppender _appender;
    private readonly DataViewRow _input;
    private readonly HashSet<int> _active;
    private readonly IAppendedColumns? _appended;

    public AppendedColumnsAccess(IColumnAppender appender, DataViewRow input, IEnumerable<DataViewSchema.Column> active)
    {
        _appender = appender;
        _input = input;
        _active = [.. active.Select(c => c.Index).Where(i => i >= appender.InputSchema.Count)];
        _appended = _active.Count > 0 ? appender.Attach(input, _active) : null;
    }

    public DataViewSchema Schema => _appender.OutputSchema;

    public bool IsColumnActive(DataViewSchema.Column column)
    {
        Check(column);
        return column.Index >= _appender.InputSchema.Count ? _active.Contains(column.Index) : _input.IsColumnActive(_input.Schema[column.Index]);
    }

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        Check(column);
        if (column.Index < _appender.InputSchema.Count) return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        if (!_active.Contains(column.Index))
            throw new InvalidOperationException($"column '{column.Name}' was not requested when this row or cursor was made");
        return _appended!.GetGetter<TValue>(column);
    }

    /// <summary>The input columns needed for <paramref name="outputColumns"/> of <paramref name="appender"/>.</summary>
    public static IEnumerable<DataViewSchema.Column> Dependencies(IColumnAppender appender, IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var needed = new SortedSet<int>();
        foreach (var column in outputColumns)
        {
            if (column.Index < 0 || column.Index >= appender.OutputSchema.Count)
                throw new ArgumentOutOfRangeException(nameof(outputColumns), $"column '{column.Name}' (index {column.Index}) is not in this transform's output schema");
            if (column.Index < appender.InputSchema.Count) needed.Add(column.Index);
            else needed.UnionWith(appender.SourcesOf(column.Index));
        }
        return [.. needed.Select(i => appender.InputSchema[i])];
    }

    private void Check(DataViewSchema.Column column)
    {
        if (column.Index < 0 || column.Index >= _appender.OutputSchema.Count)
            throw new ArgumentOutOfRangeException(nameof(column), $"column '{column.Name}' (index {column.Index}) is not in this schema");
    }
}
