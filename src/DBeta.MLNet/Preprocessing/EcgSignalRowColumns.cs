using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// The transform's column over one row or cursor, computed from the input row's current values once per row position.
/// Owned by a single row or cursor, like ML.NET getters: not for concurrent use.
/// </summary>
internal sealed class EcgSignalRowColumns : IAppendedColumns
{
    private readonly EcgSignalBinding _binding;
    private readonly DataViewRow _input;
    private readonly ValueGetter<VBuffer<float>> _source;
    private readonly EcgSignalMap _map;
    private readonly float[] _inputBuffer;
    private readonly float[] _output;
    private long _computedPosition = -1;
    private VBuffer<float> _sourceValue;

    public EcgSignalRowColumns(EcgSignalBinding binding, DataViewRow input)
    {
        if (!ReferenceEquals(input.Schema, binding.InputSchema) && !SameColumns(input.Schema, binding.InputSchema))
            throw new ArgumentException("the input row's schema is not the schema this transform was bound to", nameof(input));
        _binding = binding;
        _input = input;
        _source = input.GetGetter<VBuffer<float>>(input.Schema[binding.SourceColumnIndex]);
        _map = binding.Transformer.CreateMap(binding);
        _inputBuffer = new float[binding.InputLength];
        _output = new float[binding.OutputLength];
    }

    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (typeof(TValue) != typeof(VBuffer<float>))
            throw new InvalidOperationException($"column '{column.Name}' holds {column.Type}: ask for a VBuffer<Single> getter, not {typeof(TValue).Name}");
        return (ValueGetter<TValue>)(Delegate)new ValueGetter<VBuffer<float>>(Get);
    }

    private void Get(ref VBuffer<float> value)
    {
        long position = _input.Position;
        if (position < 0 || position != _computedPosition)
        {
            Compute(position);
            _computedPosition = position;
        }
        var editor = VBufferEditor.Create(ref value, _output.Length);
        _output.CopyTo(editor.Values);
        value = editor.Commit();
    }

    private void Compute(long position)
    {
        _source(ref _sourceValue);
        string column = _binding.Transformer.InputColumnName;
        if (_sourceValue.Length != _inputBuffer.Length)
            throw new InvalidOperationException($"column '{column}' row {position}: expected {_inputBuffer.Length} values, got {_sourceValue.Length}");
        ReadOnlySpan<float> samples;
        if (_sourceValue.IsDense) samples = _sourceValue.GetValues();
        else
        {
            _sourceValue.CopyTo(_inputBuffer);
            samples = _inputBuffer;
        }
        if (EcgSampleCheck.FindNonFinite(samples, _binding.Transformer.InputLeadCount) is { } problem)
            throw new EcgDataException($"column '{column}'", problem, $"row {position}");
        _map(samples, _output);
    }

    private static bool SameColumns(DataViewSchema a, DataViewSchema b) =>
        a.Count == b.Count && Enumerable.Range(0, a.Count).All(i => a[i].Name == b[i].Name && a[i].Type.Equals(b[i].Type));
}
