using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// Base of the ECG signal estimators. Nothing is learnt from data: <see cref="Fit"/> checks the input column and
/// returns the configured transformer.
/// </summary>
/// <typeparam name="TTransformer">The transformer <see cref="Fit"/> returns.</typeparam>
public abstract class EcgSignalEstimator<TTransformer> : IEstimator<TTransformer>
    where TTransformer : EcgSignalTransformer
{
    private readonly TTransformer _transformer;

    private protected EcgSignalEstimator(TTransformer transformer) => _transformer = transformer;

    /// <summary>Checks <paramref name="input"/>'s schema (column, item type, size) and returns the transformer; reads no rows.</summary>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _transformer.GetOutputSchema(input.Schema);
        return _transformer;
    }

    /// <summary>
    /// The input shape plus the output column, a known-size <c>Vector&lt;Single&gt;</c>. A shape carries no vector size,
    /// so the multiple-of-leads check waits for <see cref="Fit"/>.
    /// </summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => EcgSchemaShape.WithOutput(inputSchema, _transformer);
}
