using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Schema checks for the columns the probes and evaluators read, worded and typed like ML.NET's own:
/// <c>Schema mismatch for input column 'X': expected E, got A</c> as an <see cref="ArgumentOutOfRangeException"/>.
/// </summary>
internal static class ColumnCheck
{
    /// <summary>What a binary label column may be.</summary>
    public const string BinaryLabelTypes = "Boolean or Single (0/1)";

    /// <summary>What a score column may be.</summary>
    public const string ScoreTypes = "Single or Double";

    public static ArgumentOutOfRangeException Mismatch(string columnName, string expected, string? actual) =>
        new("inputSchema", $"Schema mismatch for input column '{columnName}': expected {expected}, got {actual}");

    public static DataViewSchema.Column Find(DataViewSchema schema, string columnName, string expected) =>
        schema.GetColumnOrNull(columnName) ?? throw Mismatch(columnName, expected, "no such column");

    public static SchemaShape.Column Find(SchemaShape shape, string columnName, string expected)
    {
        // The last column of a name is the visible one, as in DataViewSchema.
        SchemaShape.Column? found = null;
        foreach (var column in shape)
            if (column.Name == columnName) found = column;
        return found ?? throw Mismatch(columnName, expected, "no such column");
    }

    public static DataViewSchema.Column BinaryLabel(DataViewSchema schema, string columnName)
    {
        var column = Find(schema, columnName, BinaryLabelTypes);
        if (!(column.Type is BooleanDataViewType || column.Type == NumberDataViewType.Single))
            throw Mismatch(columnName, BinaryLabelTypes, column.Type.ToString());
        return column;
    }

    public static void BinaryLabel(SchemaShape shape, string columnName)
    {
        var column = Find(shape, columnName, BinaryLabelTypes);
        bool scalar = column.Kind == SchemaShape.Column.VectorKind.Scalar;
        if (!scalar || !(column.ItemType is BooleanDataViewType || column.ItemType.RawType == typeof(float)))
            throw Mismatch(columnName, BinaryLabelTypes, Describe(column));
    }

    public static DataViewSchema.Column Score(DataViewSchema schema, string columnName)
    {
        var column = Find(schema, columnName, ScoreTypes);
        if (!(column.Type == NumberDataViewType.Single || column.Type == NumberDataViewType.Double))
            throw Mismatch(columnName, ScoreTypes, column.Type.ToString());
        return column;
    }

    /// <summary>A known-size vector of Single, e.g. an embedding; returns its length.</summary>
    public static int SingleVector(DataViewSchema schema, string columnName)
    {
        const string expected = "a known-size vector of Single (Vector<Single, D>)";
        var column = Find(schema, columnName, expected);
        if (column.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
            throw Mismatch(columnName, expected, column.Type.ToString());
        return vector.Size;
    }

    public static void SingleVector(SchemaShape shape, string columnName)
    {
        const string expected = "a known-size vector of Single (Vector<Single, D>)";
        var column = Find(shape, columnName, expected);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw Mismatch(columnName, expected, Describe(column));
    }

    private static string Describe(SchemaShape.Column column) => column.Kind switch
    {
        SchemaShape.Column.VectorKind.Scalar => column.ItemType.ToString() ?? "",
        SchemaShape.Column.VectorKind.Vector => $"Vector<{column.ItemType}, known size>",
        _ => $"Vector<{column.ItemType}> of variable size",
    };
}
