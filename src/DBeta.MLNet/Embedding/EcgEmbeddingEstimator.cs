using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Estimator for <see cref="EcgEmbeddingTransformer"/>: nothing is learned, <see cref="Fit"/> checks the schema and
/// opens the ONNX model. Create it with <c>mlContext.Transforms.EmbedEcgWithDBeta(...)</c>.
/// </summary>
public sealed class EcgEmbeddingEstimator : IEstimator<EcgEmbeddingTransformer>
{
    private readonly EcgEmbeddingOptions _options;

    internal EcgEmbeddingEstimator(EcgEmbeddingOptions options) => _options = options;

    /// <summary>Opens the encoder and checks that the input column fits it.</summary>
    public EcgEmbeddingTransformer Fit(IDataView input) =>
        EmbeddingTransformer.Open(() => new EcgEmbeddingTransformer(_options), input.Schema);

    /// <summary>Checks that the input column is a vector of Single and adds the embedding column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        const string expected = "known-size vector of Single (12 leads x 5000 samples, lead-major)";
        var column = ColumnCheck.Find(inputSchema, _options.InputColumnName, expected);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw ColumnCheck.Mismatch(_options.InputColumnName, expected, $"{column.Kind} of {column.ItemType}");
        // The embedding width only matters to DataViewSchema; SchemaShape records vectors without their size.
        return SchemaShapes.AppendVector(inputSchema, _options.OutputColumnName);
    }
}
