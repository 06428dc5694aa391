using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Estimator for <see cref="TextEmbeddingTransformer"/>: nothing is learned, <see cref="Fit"/> checks the schema and
/// opens the tokenizer and the ONNX model. Create it with <c>mlContext.Transforms.EmbedTextWithDBeta(...)</c>.
/// </summary>
public sealed class TextEmbeddingEstimator : IEstimator<TextEmbeddingTransformer>
{
    private readonly TextEmbeddingOptions _options;

    internal TextEmbeddingEstimator(TextEmbeddingOptions options) => _options = options;

    /// <summary>Opens the tokenizer and the encoder and checks that the input column is Text.</summary>
    public TextEmbeddingTransformer Fit(IDataView input) =>
        EmbeddingTransformer.Open(() => new TextEmbeddingTransformer(_options), input.Schema);

    /// <summary>Checks that the input column is Text and adds the embedding column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var column = ColumnCheck.Find(inputSchema, _options.InputColumnName, "Text");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.ItemType is not TextDataViewType)
            throw ColumnCheck.Mismatch(_options.InputColumnName, "Text", $"{column.Kind} of {column.ItemType}");
        return SchemaShapes.AppendVector(inputSchema, _options.OutputColumnName);
    }
}
