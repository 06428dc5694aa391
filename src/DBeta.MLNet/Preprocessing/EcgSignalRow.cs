using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>One input row seen through an <see cref="EcgSignalTransformer"/>, for <see cref="IRowToRowMapper.GetRow"/>.</summary>
internal sealed class EcgSignalRow : DataViewRow
{
    private readonly EcgSignalBinding _binding;
    private readonly DataViewRow _input;
    private readonly EcgSignalRowColumns _columns;

    public EcgSignalRow(EcgSignalBinding binding, DataViewRow input, bool outputActive)
    {
        _binding = binding;
        _input = input;
        _columns = new EcgSignalRowColumns(binding, input, outputActive);
    }

    public override DataViewSchema Schema => _binding.OutputSchema;
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();
    public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsColumnActive(column);
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);

    protected override void Dispose(bool disposing)
    {
        // IRowToRowMapper.GetRow's contract: the returned row disposes its input.
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
