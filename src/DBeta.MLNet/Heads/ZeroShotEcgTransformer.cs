using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace DBeta.MLNet;

/// <summary>
/// D-BETA's zero-shot head: adds a <c>Vector&lt;Single, K&gt;</c> scores column, score k = ECG embedding · embedding of
/// label k's prompt, slot names = labels (and, when asked, one <c>Single</c> column per label).
/// </summary>
/// <remarks>
/// The scores are computed by ML.NET's own <c>OnnxTransformer</c> over a small ONNX graph holding the prompt matrix, one
/// row at a time, so a pipeline saved with <c>mlContext.Model.Save</c> reloads, with no DBeta code, into the same
/// computation and gives bit-identical scores. Thread-safe (PredictionEngines on several threads may share it);
/// dispose it to release the ONNX Runtime session and its temporary model file.
/// </remarks>
public sealed class ZeroShotEcgTransformer : ITransformer, IDisposable
{
    private readonly ZeroShotEcgOptions _options;
    private readonly OnnxTransformer _scorer;
    private readonly string _modelFile;
    private bool _disposed;

    internal ZeroShotEcgTransformer(ZeroShotEcgOptions options, PromptEmbeddings prompts, OnnxTransformer scorer, string modelFile)
    {
        _options = options;
        PromptEmbeddings = prompts;
        _scorer = scorer;
        _modelFile = modelFile;
    }

    /// <summary>The labels, in the order of the scores vector's slots.</summary>
    public IReadOnlyList<string> Labels => PromptEmbeddings.Labels;

    /// <summary>The prompt embeddings the scores are computed with (and the prompts they came from).</summary>
    internal PromptEmbeddings PromptEmbeddings { get; }

    /// <summary>Width of the embeddings (D).</summary>
    public int EmbeddingDim => PromptEmbeddings.Dimension;

    /// <summary>Name of the input embedding column.</summary>
    public string EmbeddingColumnName => _options.EmbeddingColumnName;

    /// <summary>Name of the scores vector column.</summary>
    public string ScoresColumnName => _options.ScoresColumnName;

    /// <summary>The per-label column of <paramref name="label"/> (e.g. <c>Score.RBBB</c>); it exists only with <see cref="ZeroShotEcgOptions.PerLabelScoreColumns"/>.</summary>
    public string ScoreColumnName(string label) => _options.ScoreColumnPrefix + label;

    /// <inheritdoc/>
    public bool IsRowToRowMapper => true;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        var scorer = Scorer;
        CheckEmbeddingColumn(inputSchema, EmbeddingColumnName, EmbeddingDim);
        var scored = scorer.GetOutputSchema(inputSchema);
        return _options.PerLabelScoreColumns ? new LabelScoreColumns(scored, ScoresColumnName, PerLabelColumns()).OutputSchema : scored;
    }

    /// <inheritdoc/>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scorer = Scorer;
        CheckEmbeddingColumn(input.Schema, EmbeddingColumnName, EmbeddingDim);
        var scored = scorer.Transform(input);
        return _options.PerLabelScoreColumns ? new AppendedColumnsDataView(scored, new LabelScoreColumns(scored.Schema, ScoresColumnName, PerLabelColumns())) : scored;
    }

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        var scorer = Scorer;
        CheckEmbeddingColumn(inputSchema, EmbeddingColumnName, EmbeddingDim);
        var mapper = ((ITransformer)scorer).GetRowToRowMapper(inputSchema);
        return _options.PerLabelScoreColumns ? new AppendedColumnsRowMapper(new LabelScoreColumns(mapper.OutputSchema, ScoresColumnName, PerLabelColumns()), under: mapper) : mapper;
    }

    /// <summary>
    /// Saves the head as ML.NET's built-in <c>OnnxTransformer</c> (its zip entry holds the small ONNX graph with the
    /// prompt matrix and the labels): <c>mlContext.Model.Load</c> reads it back with no DBeta code.
    /// </summary>
    /// <exception cref="NotSupportedException">The transformer adds per-label columns, which no built-in transformer can reproduce.</exception>
    public void Save(ModelSaveContext ctx)
    {
        if (_options.PerLabelScoreColumns)
            throw new NotSupportedException(
                $"a zero-shot head with per-label score columns ({ScoreColumnName(Labels[0])}, ...) cannot be saved: ML.NET's OnnxTransformer, " +
                "which carries the saved head, cannot output scalar columns, and no other built-in transformer can take a slot out of a vector. " +
                $"Fit with ZeroShotEcgOptions.PerLabelScoreColumns = false to save it; the '{ScoresColumnName}' vector (slot names = labels) holds the same scores.");
        ((ITransformer)Scorer).Save(ctx);
    }

    /// <summary>Releases the ONNX Runtime session and deletes the temporary model file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _scorer.Dispose();
        try { File.Delete(_modelFile); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private OnnxTransformer Scorer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _scorer;
        }
    }

    private (string Name, int Slot)[] PerLabelColumns() =>
        [.. Labels.Select((label, slot) => (ScoreColumnName(label), slot))];

    /// <summary>The columns the head adds, for the estimator's schema.</summary>
    internal static DataViewSchema AddedColumns(ZeroShotEcgOptions options, IReadOnlyList<string> labels)
    {
        var builder = new DataViewSchema.Builder();
        var annotations = new DataViewSchema.Annotations.Builder();
        var names = labels.Select(l => l.AsMemory()).ToArray();
        annotations.Add("SlotNames", new VectorDataViewType(TextDataViewType.Instance, names.Length),
            (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(names.Length, names));
        builder.AddColumn(options.ScoresColumnName, new VectorDataViewType(NumberDataViewType.Single, labels.Count), annotations.ToAnnotations());
        if (options.PerLabelScoreColumns)
            foreach (string label in labels) builder.AddColumn(options.ScoreColumnPrefix + label, NumberDataViewType.Single);
        return builder.ToSchema();
    }

    /// <summary>
    /// Throws a schema error naming the column, the expected and the actual type unless <paramref name="columnName"/> is a
    /// known-size vector of Single (of <paramref name="expectedWidth"/> values when given).
    /// </summary>
    internal static void CheckEmbeddingColumn(DataViewSchema schema, string columnName, int? expectedWidth)
    {
        string expected = expectedWidth is int d
            ? $"Vector<Single, {d}> (the width of the prompt embeddings from the text encoder)"
            : "known-size vector of Single (an ECG embedding)";
        var column = ColumnCheck.Find(schema, columnName, expected);
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType item, Size: int size } || item != NumberDataViewType.Single
            || size == 0 || (expectedWidth is int width && size != width))
            throw ColumnCheck.Mismatch(columnName, expected, column.Type.ToString() ?? column.Type.GetType().Name);
    }
}
