using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Preprocessing;

/// <summary>
/// <see cref="SchemaShape"/> work for the ECG estimators. ML.NET keeps <c>SchemaShape.Column</c>'s constructor internal
/// (dotnet/machinelearning#3243), so the output column's shape comes from a public built-in: the schema propagation of a
/// <c>CustomMapping</c> whose output is one known-size <c>Vector&lt;Single&gt;</c> named as asked.
/// </summary>
internal static class EcgSchemaShape
{
    private static readonly MLContext Context = new(seed: 0);
    private static readonly ConcurrentDictionary<string, SchemaShape.Column> Columns = new(StringComparer.Ordinal);
    private static readonly Lock ContextLock = new();

    /// <summary>No input columns.</summary>
    public sealed class NoColumns { }

    /// <summary>One known-size vector of Single (the size does not show in a <see cref="SchemaShape"/>).</summary>
    public sealed class SingleVector
    {
        /// <summary>The vector.</summary>
        [VectorType(1)]
        public float[] Value { get; set; } = [];
    }

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

        var output = Columns.GetOrAdd(transformer.OutputColumnName, MakeVectorColumn);
        return new SchemaShape(inputSchema.Where(c => c.Name != output.Name).Append(output));
    }

    private static SchemaShape.Column MakeVectorColumn(string name)
    {
        var definition = SchemaDefinition.Create(typeof(SingleVector));
        definition[0].ColumnName = name;
        // MLContext does not promise thread safety; this runs once per column name.
        lock (ContextLock)
        {
            var shape = Context.Transforms.CustomMapping<NoColumns, SingleVector>((_, _) => { }, contractName: null, outputSchemaDefinition: definition)
                .GetOutputSchema(new SchemaShape([]));
            return shape.Single(c => c.Name == name);
        }
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
