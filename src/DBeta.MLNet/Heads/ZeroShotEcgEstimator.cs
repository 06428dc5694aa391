using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Estimator for <see cref="ZeroShotEcgTransformer"/>: <see cref="Fit"/> embeds the prompts once with D-BETA's text
/// encoder and reads no rows. Create it with <c>mlContext.Transforms.ScoreEcgZeroShot(...)</c>.
/// </summary>
public sealed class ZeroShotEcgEstimator : IEstimator<ZeroShotEcgTransformer>
{
    private readonly TransformsCatalog _catalog;
    private readonly ZeroShotEcgOptions _options;

    internal ZeroShotEcgEstimator(TransformsCatalog catalog, ZeroShotEcgOptions options)
    {
        options = options.Clone();
        if (string.IsNullOrWhiteSpace(options.TextModelPath))
            throw new ArgumentException("ZeroShotEcgOptions.TextModelPath is required: the dbeta-text.onnx written by 'dbeta convert'", nameof(options));
        if (string.IsNullOrWhiteSpace(options.TokenizerPath))
            throw new ArgumentException("ZeroShotEcgOptions.TokenizerPath is required: Flan-T5's spiece.model", nameof(options));
        ArgumentNullException.ThrowIfNull(options.Prompts, nameof(options.Prompts));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.EmbeddingColumnName, nameof(options.EmbeddingColumnName));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ScoresColumnName, nameof(options.ScoresColumnName));
        if (options.ScoresColumnName == options.EmbeddingColumnName)
            throw new ArgumentException($"the scores column and the embedding column are both named '{options.ScoresColumnName}'", nameof(options));
        if (options.PerLabelScoreColumns)
        {
            ArgumentNullException.ThrowIfNull(options.ScoreColumnPrefix, nameof(options.ScoreColumnPrefix));
            var clash = options.Prompts.Labels.Select(l => options.ScoreColumnPrefix + l)
                .FirstOrDefault(n => n == options.ScoresColumnName || n == options.EmbeddingColumnName);
            if (clash is not null)
                throw new ArgumentException($"the per-label column '{clash}' has the name of another column; change ScoreColumnPrefix", nameof(options));
        }
        _catalog = catalog;
        _options = options;
    }

    /// <summary>
    /// Checks the embedding column, embeds the prompts (the text encoder is released afterwards) and checks that their
    /// width equals the embedding column's.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The embedding column is missing, not a known-size Single vector, or not as wide as the prompt embeddings.</exception>
    public ZeroShotEcgTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ZeroShotEcgTransformer.CheckEmbeddingColumn(input.Schema, _options.EmbeddingColumnName, expectedWidth: null);
        var prompts = PromptEmbeddings.Compute(_options.Prompts, _options.TextModelPath, _options.TokenizerPath, _options.Tokenization, _options);
        ZeroShotEcgTransformer.CheckEmbeddingColumn(input.Schema, _options.EmbeddingColumnName, prompts.Dimension);
        return Create(_catalog, _options, prompts, input);
    }

    /// <summary>Builds the transformer for prompts already embedded (tests, tools that embed once and fit many times).</summary>
    internal static ZeroShotEcgTransformer Create(TransformsCatalog catalog, ZeroShotEcgOptions options, PromptEmbeddings prompts, IDataView input)
    {
        string modelFile = Path.Combine(Path.GetTempPath(), $"dbeta-zeroshot-{Guid.NewGuid():N}.onnx");
        OnnxModelFile.Write(ZeroShotGraph.Build(prompts, options.EmbeddingColumnName, options.ScoresColumnName), modelFile);
        try
        {
            // The head runs as ML.NET's own OnnxTransformer, in this process as after mlContext.Model.Load.
            var scorer = catalog.ApplyOnnxModel([options.ScoresColumnName], [options.EmbeddingColumnName], modelFile).Fit(input);
            return new ZeroShotEcgTransformer(options, prompts, scorer, modelFile);
        }
        catch
        {
            File.Delete(modelFile);
            throw;
        }
    }

    /// <summary>Checks that the embedding column is a known-size vector of Single and adds the scores column (and the per-label columns when asked).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        const string expected = "known-size vector of Single (an ECG embedding)";
        var column = ColumnCheck.Find(inputSchema, _options.EmbeddingColumnName, expected);
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
            throw ColumnCheck.Mismatch(_options.EmbeddingColumnName, expected, $"{column.Kind} of {column.ItemType}");
        return SchemaShapes.Append(inputSchema, ZeroShotEcgTransformer.AddedColumns(_options, _options.Prompts.Labels));
    }
}
