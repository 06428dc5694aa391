using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>The <see cref="IRowToRowMapper"/> of an <see cref="EcgSignalTransformer"/>, what a <c>PredictionEngine</c> runs on single rows.</summary>
internal sealed class EcgSignalRowMapper : IRowToRowMapper
{
    private readonly EcgSignalBinding _binding;

    public EcgSignalRowMapper(EcgSignalBinding binding) => _binding = binding;

    public DataViewSchema InputSchema => _binding.InputSchema;

    public DataViewSchema OutputSchema => _binding.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        _binding.Dependencies(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(activeColumns);
        return new EcgSignalRow(_binding, input, _binding.Needs(activeColumns));
    }
}
