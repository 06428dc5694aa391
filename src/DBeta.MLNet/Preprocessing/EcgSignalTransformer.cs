using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>Maps one record's lead-major input samples to its output samples; thread-safe.</summary>
internal delegate void EcgSignalMap(ReadOnlySpan<float> input, Span<float> output);

/// <summary>
/// Base of the ECG signal transformers: reads a known-size <c>Vector&lt;Single&gt;</c> column of lead-major samples
/// (<c>InputLeadCount x T</c>) and adds a <c>Vector&lt;Single&gt;</c> column of <c>OutputLeadCount x T'</c>.
/// Lazy and streaming: <see cref="Transform"/> wraps the input view and each cursor computes its rows; parallel
/// cursors have their own buffers. Works in a <c>PredictionEngine</c> through <see cref="GetRowToRowMapper"/>.
/// </summary>
public abstract class EcgSignalTransformer : ITransformer
{
    /// <summary>Column the transformer reads.</summary>
    public string InputColumnName { get; }

    /// <summary>Column the transformer writes.</summary>
    public string OutputColumnName { get; }

    /// <summary>Leads in the input vector.</summary>
    public int InputLeadCount { get; }

    /// <summary>Leads in the output vector.</summary>
    public int OutputLeadCount { get; }

    private protected EcgSignalTransformer(EcgColumnOptions options, int inputLeadCount, int outputLeadCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.OutputColumnName))
            throw new ArgumentException("OutputColumnName must name a column", nameof(options));
        if (options.InputColumnName is not null && string.IsNullOrWhiteSpace(options.InputColumnName))
            throw new ArgumentException("InputColumnName must name a column, or be null to read OutputColumnName", nameof(options));
        if (inputLeadCount <= 0) throw new ArgumentOutOfRangeException(nameof(options), inputLeadCount, "the lead count must be positive");
        OutputColumnName = options.OutputColumnName;
        InputColumnName = options.InputColumnName ?? options.OutputColumnName;
        InputLeadCount = inputLeadCount;
        OutputLeadCount = outputLeadCount;
    }

    /// <summary>Always <c>true</c>: every row maps on its own.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>
    /// The input schema plus the output column (<c>Vector&lt;Single, OutputLeadCount x T'&gt;</c>), after checking
    /// the input column; throws <see cref="ArgumentOutOfRangeException"/> naming the column, the expected and the actual type.
    /// </summary>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Bind(inputSchema).OutputSchema;

    /// <summary>Checks the schema and returns a lazy view; no row is read until a cursor moves.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AppendedColumnsDataView(input, Bind(input.Schema));
    }

    /// <summary>A row-to-row mapper over <paramref name="inputSchema"/>, as <c>PredictionEngine</c> uses.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new AppendedColumnsRowMapper(Bind(inputSchema));

    /// <summary>
    /// Not supported: ML.NET keeps <see cref="ModelSaveContext"/>'s writers internal, so third-party transformers
    /// cannot save into a model zip. Rebuild the transformer from its public properties after loading the rest.
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public void Save(ModelSaveContext ctx) =>
        throw new NotSupportedException(
            $"{GetType().Name} (column '{InputColumnName}' -> '{OutputColumnName}') cannot be saved in an ML.NET model: " +
            "ML.NET does not let third-party transformers write a ModelSaveContext. Save the pipeline without it and " +
            "re-create it after loading from the same options (its public properties).");

    /// <summary>Samples per lead this transform outputs for <paramref name="inputSampleCount"/>; throws <see cref="ArgumentOutOfRangeException"/> if none.</summary>
    private protected abstract int OutputSampleCount(int inputSampleCount);

    /// <summary>The per-record map for records of <paramref name="inputSampleCount"/> samples per lead.</summary>
    internal abstract EcgSignalMap CreateMap(int inputSampleCount);

    /// <summary>As <see cref="OutputSampleCount(int)"/>, for transforms that also read the input column's annotations (its sampling rate).</summary>
    private protected virtual int OutputSampleCount(int inputSampleCount, DataViewSchema.Column inputColumn) => OutputSampleCount(inputSampleCount);

    /// <summary>As <see cref="CreateMap(int)"/>, for transforms that also read the bound input column's annotations.</summary>
    internal virtual EcgSignalMap CreateMap(EcgSignalBinding binding) => CreateMap(binding.InputSampleCount);

    /// <summary>Whether the output column carries the input column's annotations (its <c>SampleRate</c>): for transforms that keep rate and layout.</summary>
    private protected virtual bool KeepsAnnotations => false;

    /// <summary>The input column type this transform needs, in words, for schema errors.</summary>
    internal string ExpectedType => $"a known-size vector of Single with a multiple of {InputLeadCount} values";

    private EcgSignalBinding Bind(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var column = inputSchema.GetColumnOrNull(InputColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(inputSchema), $"column '{InputColumnName}' not found in the input schema (columns: {string.Join(", ", inputSchema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        var type = column.Type;
        if (type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single
            || vector.Size % InputLeadCount != 0)
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"column '{InputColumnName}': expected {ExpectedType}, got {type}");

        int inputSamples = vector.Size / InputLeadCount;
        int outputSamples;
        try { outputSamples = OutputSampleCount(inputSamples, column); }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"column '{InputColumnName}' ({type}, {inputSamples} samples per lead): {e.Message}");
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(inputSchema);
        builder.AddColumn(OutputColumnName, new VectorDataViewType(NumberDataViewType.Single, OutputLeadCount * outputSamples),
            KeepsAnnotations ? column.Annotations : null);
        return new EcgSignalBinding(this, inputSchema, builder.ToSchema(), column.Index, inputSamples, outputSamples);
    }
}
