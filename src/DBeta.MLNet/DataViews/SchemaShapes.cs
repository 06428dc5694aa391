using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Output schemas of the transformers that add columns: the input's columns plus the added ones, as a
/// <see cref="DataViewSchema"/> for transformers and as a <see cref="SchemaShape"/> for estimators.
/// </summary>
internal static class SchemaShapes
{
    // ML.NET 5 has no public way to turn a DataViewSchema into a SchemaShape (SchemaShape.Create and the Column
    // constructor are internal), which every estimator's GetOutputSchema needs; this one reflective call stands in.
    private static readonly Func<DataViewSchema, SchemaShape> ToShape =
        typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])
            ?.CreateDelegate<Func<DataViewSchema, SchemaShape>>()
        ?? throw new MissingMethodException("SchemaShape.Create(DataViewSchema) not found in this version of Microsoft.ML");

    /// <summary>The estimator-level shape of <paramref name="schema"/>.</summary>
    public static SchemaShape Shape(DataViewSchema schema) => ToShape(schema);

    /// <summary><paramref name="input"/> plus a <c>Vector&lt;Single, <paramref name="size"/>&gt;</c> column (hiding one of the same name).</summary>
    public static DataViewSchema AppendVector(DataViewSchema input, string columnName, int size)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(columnName, new VectorDataViewType(NumberDataViewType.Single, size));
        return builder.ToSchema();
    }

    /// <summary>
    /// <paramref name="input"/> plus a known-size vector of Single named <paramref name="columnName"/>; a shape records
    /// no vector size, so none is asked for.
    /// </summary>
    public static SchemaShape AppendVector(SchemaShape input, string columnName) =>
        Append(input, AppendVector(new DataViewSchema.Builder().ToSchema(), columnName, 1));

    /// <summary><paramref name="input"/> with the columns of <paramref name="added"/> appended, replacing any of the same name.</summary>
    public static SchemaShape Append(SchemaShape input, DataViewSchema added)
    {
        var shape = ToShape(added);
        var names = shape.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        return new SchemaShape([.. input.Where(c => !names.Contains(c.Name)), .. shape]);
    }
}
