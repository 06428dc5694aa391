using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>A cursor over an <see cref="EcgSignalDataView"/>: moves the input cursor and computes the new column per row.</summary>
internal sealed class EcgSignalCursor : DataViewRowCursor
{
    private readonly EcgSignalBinding _binding;
    private readonly DataViewRowCursor _input;
    private readonly EcgSignalRowColumns _columns;

    public EcgSignalCursor(EcgSignalBinding binding, DataViewRowCursor input, bool outputActive)
    {
        _binding = binding;
        _input = input;
        _columns = new EcgSignalRowColumns(binding, input, outputActive);
    }

    public override DataViewSchema Schema => _binding.OutputSchema;
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;
    public override bool MoveNext() => _input.MoveNext();
    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();
    public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsColumnActive(column);
    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _input.Dispose();
        base.Dispose(disposing);
    }
}
