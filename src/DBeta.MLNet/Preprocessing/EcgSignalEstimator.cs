using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// Estimator of every ECG signal transform (<c>ResampleEcg</c>, <c>CropOrPadEcg</c>, <c>ReorderEcgLeads</c>,
/// <c>StandardizeEcgLeads</c>, <c>FilterEcg</c>, <c>KeepEcgLeads</c>). Nothing is learnt from data: <see cref="Fit"/> checks the input column and returns the
/// configured transformer.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>Trains on data</term><description>no</description></item>
/// <item><term>Input column</term><description>known-size <c>Vector&lt;Single&gt;</c>, lead-major <c>[lead, time]</c></description></item>
/// <item><term>Output column</term><description>known-size <c>Vector&lt;Single&gt;</c>, lead-major</description></item>
/// </list>
/// </remarks>
public sealed class EcgSignalEstimator : IEstimator<EcgSignalTransformer>
{
    private readonly EcgSignalTransformer _transformer;

    internal EcgSignalEstimator(EcgSignalTransformer transformer) => _transformer = transformer;

    /// <summary>Checks <paramref name="input"/>'s schema (column, item type, size) and returns the transformer; reads no rows.</summary>
    public EcgSignalTransformer Fit(IDataView input)
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
