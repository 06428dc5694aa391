using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>An <see cref="EcgSignalTransformer"/> checked against one input schema: column indices, sizes and the output schema.</summary>
internal sealed class EcgSignalBinding : IColumnAppender
{
    public EcgSignalTransformer Transformer { get; }
    public DataViewSchema InputSchema { get; }
    public DataViewSchema OutputSchema { get; }
    public int SourceColumnIndex { get; }
    public int InputSampleCount { get; }
    public int OutputSampleCount { get; }

    /// <summary>The new column sits after every input column; a same-named input column stays, hidden.</summary>
    public int OutputColumnIndex => InputSchema.Count;
    public int InputLength => Transformer.InputLeadCount * InputSampleCount;
    public int OutputLength => Transformer.OutputLeadCount * OutputSampleCount;

    public EcgSignalBinding(EcgSignalTransformer transformer, DataViewSchema inputSchema, DataViewSchema outputSchema,
        int sourceColumnIndex, int inputSampleCount, int outputSampleCount)
    {
        Transformer = transformer;
        InputSchema = inputSchema;
        OutputSchema = outputSchema;
        SourceColumnIndex = sourceColumnIndex;
        InputSampleCount = inputSampleCount;
        OutputSampleCount = outputSampleCount;
    }

    /// <inheritdoc/>
    public IEnumerable<int> SourcesOf(int outputIndex) => [SourceColumnIndex];

    /// <inheritdoc/>
    public IAppendedColumns Attach(DataViewRow input, IReadOnlySet<int> active) => new EcgSignalRowColumns(this, input);
}
