using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>An <see cref="EcgSignalTransformer"/> checked against one input schema: column indices, sizes and the output schema.</summary>
internal sealed class EcgSignalBinding
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

    /// <summary>The input columns needed to produce <paramref name="outputColumns"/>.</summary>
    public IEnumerable<DataViewSchema.Column> Dependencies(IEnumerable<DataViewSchema.Column> outputColumns)
    {
        var needed = new SortedSet<int>();
        foreach (var column in outputColumns)
        {
            if (column.Index == OutputColumnIndex) needed.Add(SourceColumnIndex);
            else if (column.Index >= 0 && column.Index < InputSchema.Count) needed.Add(column.Index);
            else throw new ArgumentOutOfRangeException(nameof(outputColumns), $"column '{column.Name}' (index {column.Index}) is not in this transform's output schema");
        }
        return needed.Select(i => InputSchema[i]).ToArray();
    }

    /// <summary>Whether <paramref name="outputColumns"/> include the transform's own column.</summary>
    public bool Needs(IEnumerable<DataViewSchema.Column> outputColumns) => outputColumns.Any(c => c.Index == OutputColumnIndex);
}
