using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Embedding;

/// <summary>The output schema of an embedding transformer: the input's columns plus one <c>Vector&lt;Single, D&gt;</c> column.</summary>
internal static class EmbeddingSchema
{
    // ML.NET 5 has no public way to turn a DataViewSchema into a SchemaShape (SchemaShape.Create and the Column
    // constructor are internal), which every estimator's GetOutputSchema needs; this one reflective call stands in.
    private static readonly Func<DataViewSchema, SchemaShape> ToShape =
        typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])
            ?.CreateDelegate<Func<DataViewSchema, SchemaShape>>()
        ?? throw new MissingMethodException("SchemaShape.Create(DataViewSchema) not found in this version of Microsoft.ML");

    /// <summary>The estimator-level view of a schema (ML.NET's internal <c>SchemaShape.Create</c>).</summary>
    public static SchemaShape Shape(DataViewSchema schema) => ToShape(schema);

    public static DataViewSchema Append(DataViewSchema input, string outputColumnName, int embeddingDim)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(outputColumnName, new VectorDataViewType(NumberDataViewType.Single, embeddingDim));
        return builder.ToSchema();
    }

    /// <summary>The estimator-level view of <see cref="Append(DataViewSchema, string, int)"/>, for <c>IEstimator.GetOutputSchema</c>.</summary>
    public static SchemaShape Append(SchemaShape input, string outputColumnName, int embeddingDim) =>
        Append(input, Append(new DataViewSchema.Builder().ToSchema(), outputColumnName, embeddingDim));

    /// <summary><paramref name="input"/> with the columns of <paramref name="added"/> (annotations included) added or replacing those of the same name.</summary>
    public static SchemaShape Append(SchemaShape input, DataViewSchema added)
    {
        var shape = ToShape(added);
        var names = shape.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape([.. input.Where(c => !names.Contains(c.Name)), .. shape]);
    }
}
