using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Reads whole binary-label and score columns out of an <see cref="IDataView"/> in one pass, checking types first
/// and values as they come: a label must be false/true or 0/1, a score a finite number.
/// </summary>
internal static class ColumnValues
{
    /// <summary>One <c>bool[]</c> per column, in the order given.</summary>
    public static bool[][] ReadBinaryLabels(IDataView data, IReadOnlyList<string> columnNames)
    {
        var columns = columnNames.Select(name => ColumnCheck.BinaryLabel(data.Schema, name)).ToArray();
        var values = columns.Select(_ => new List<bool>()).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(c => LabelGetter(cursor, c)).ToArray();
        while (cursor.MoveNext())
            for (int j = 0; j < getters.Length; j++)
                values[j].Add(getters[j](cursor.Position));
        return values.Select(v => v.ToArray()).ToArray();
    }

    /// <summary>One <c>double[]</c> per scalar Single or Double column, in the order given.</summary>
    public static double[][] ReadScores(IDataView data, IReadOnlyList<string> columnNames)
    {
        var columns = columnNames.Select(name => ColumnCheck.Score(data.Schema, name)).ToArray();
        var values = columns.Select(_ => new List<double>()).ToArray();
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(c => ScoreGetter(cursor, c)).ToArray();
        while (cursor.MoveNext())
            for (int j = 0; j < getters.Length; j++)
                values[j].Add(getters[j](cursor.Position));
        return values.Select(v => v.ToArray()).ToArray();
    }

    /// <summary>The slots of a <c>Vector&lt;Single, length&gt;</c> column as one <c>double[]</c> per slot.</summary>
    public static double[][] ReadScoreVector(IDataView data, string columnName, int length)
    {
        string expected = $"Vector<Single, {length}> (one score per label)";
        var column = ColumnCheck.Find(data.Schema, columnName, expected);
        if (column.Type is not VectorDataViewType { Size: var size, ItemType: var item } || size != length || item != NumberDataViewType.Single)
            throw ColumnCheck.Mismatch(columnName, expected, column.Type.ToString());
        var values = Enumerable.Range(0, length).Select(_ => new List<double>()).ToArray();
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> row = default;
        while (cursor.MoveNext())
        {
            getter(ref row);
            int slot = 0;
            foreach (float v in row.DenseValues())
                values[slot++].Add(Finite(v, columnName, cursor.Position, $"slot {slot - 1}"));
        }
        return values.Select(v => v.ToArray()).ToArray();
    }

    private static Func<long, bool> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is BooleanDataViewType)
        {
            var getter = cursor.GetGetter<bool>(column);
            return _ => { bool v = default; getter(ref v); return v; };
        }
        var single = cursor.GetGetter<float>(column);
        return row =>
        {
            float v = default;
            single(ref v);
            return v switch
            {
                0f => false,
                1f => true,
                _ => throw new ArgumentException(
                    $"Label column '{column.Name}' row {row}: {v} is not a binary label, expected 0 or 1", "data"),
            };
        };
    }

    private static Func<long, double> ScoreGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type == NumberDataViewType.Double)
        {
            var getter = cursor.GetGetter<double>(column);
            return row => { double v = default; getter(ref v); return Finite(v, column.Name, row); };
        }
        var single = cursor.GetGetter<float>(column);
        return row => { float v = default; single(ref v); return Finite(v, column.Name, row); };
    }

    private static double Finite(double value, string columnName, long row, string? slot = null) =>
        double.IsFinite(value) ? value
            : throw new ArgumentException(
                $"Score column '{columnName}' row {row}{(slot is null ? "" : " " + slot)}: {value} is not a finite score", "data");
}
