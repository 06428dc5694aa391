using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// <see cref="SchemaShape"/> work for the ECG estimators. ML.NET keeps <c>SchemaShape.Column</c>'s constructor internal
/// (dotnet/machinelearning#3243), so the output column's shape comes from <see cref="SchemaShapes"/>, which calls ML.NET's
/// internal <c>SchemaShape.Create</c> through reflection (found once, with a clear error should a later ML.NET rename it).
/// </summary>
internal static class EcgSchemaShape
{
    /// <summary>Checks <paramref name="inputSchema"/>'s column and returns it with the output column added (replacing a same-named one).</summary>
    public static SchemaShape WithOutput(SchemaShape inputSchema, EcgSignalTransformer transformer)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        string name = transformer.InputColumnName;
        var column = inputSchema.FirstOrDefault(c => c.Name == name);
        if (column.Name is null)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"column '{name}' not found in the input schema (columns: {string.Join(", ", inputSchema.Select(c => c.Name))})");
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.IsKey || column.ItemType != NumberDataViewType.Single)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"column '{name}': expected {transformer.ExpectedType}, got {Describe(column)}");

        return SchemaShapes.AppendVector(inputSchema, transformer.OutputColumnName);
    }

    /// <summary>ML.NET's way of writing a shape: <c>Vector&lt;Single&gt;</c>, <c>VarVector&lt;Key&lt;UInt32&gt;&gt;</c>, <c>String</c>.</summary>
    private static string Describe(SchemaShape.Column column)
    {
        string item = column.IsKey ? $"Key<{column.ItemType}>" : $"{column.ItemType}";
        return column.Kind switch
        {
            SchemaShape.Column.VectorKind.Vector => $"Vector<{item}>",
            SchemaShape.Column.VectorKind.VariableVector => $"VarVector<{item}>",
            _ => item,
        };
    }
}
