using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>The lazy result of <see cref="EcgSignalTransformer.Transform"/>: wraps the input view and computes rows as cursors reach them.</summary>
internal sealed class EcgSignalDataView : IDataView
{
    private readonly IDataView _source;
    private readonly EcgSignalBinding _binding;

    public EcgSignalDataView(IDataView source, EcgSignalBinding binding)
    {
        _source = source;
        _binding = binding;
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema => _binding.OutputSchema;

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        var input = _source.GetRowCursor(_binding.Dependencies(needed), rand);
        return new EcgSignalCursor(_binding, input, _binding.Needs(needed));
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var needed = columnsNeeded.ToArray();
        bool active = _binding.Needs(needed);
        // Each cursor gets its own buffers; the FFT plans they share are immutable.
        return _source.GetRowCursorSet(_binding.Dependencies(needed), n, rand)
            .Select(input => (DataViewRowCursor)new EcgSignalCursor(_binding, input, active))
            .ToArray();
    }
}
