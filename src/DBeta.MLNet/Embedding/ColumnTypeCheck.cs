using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Embedding;

/// <summary>Schema checks with ML.NET's wording and exception type: the column, the expected type, the actual type.</summary>
internal static class ColumnTypeCheck
{
    public static DataViewSchema.Column Find(DataViewSchema schema, string columnName, string expected) =>
        schema.GetColumnOrNull(columnName) ?? throw Mismatch(columnName, expected, "no such column");

    public static SchemaShape.Column Find(SchemaShape shape, string columnName, string expected) =>
        shape.Where(c => c.Name == columnName).Select(c => (SchemaShape.Column?)c).LastOrDefault()
            ?? throw Mismatch(columnName, expected, "no such column");

    public static ArgumentOutOfRangeException Mismatch(string columnName, string expected, string actual) =>
        new("inputSchema", $"Schema mismatch for input column '{columnName}': expected {expected}, got {actual}");
}
