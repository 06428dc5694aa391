using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// A streaming <see cref="IDataView"/> over <see cref="SyntheticEcgGenerator"/>: rows are generated when a cursor reaches
/// them, so memory stays at one record per cursor whatever the row count. Columns: <c>Id</c> (text), <c>Ecg</c>
/// (<c>Vector&lt;Single, 12*T&gt;</c>, lead-major, mV) and one Boolean column per CODE label.
/// </summary>
internal sealed class SyntheticEcgDataView : IDataView
{
    private readonly SyntheticEcgGenerator _generator;
    private readonly int _idColumn, _ecgColumn, _firstLabelColumn;

    public DataViewSchema Schema { get; }

    public bool CanShuffle => false;

    public SyntheticEcgDataView(SyntheticEcgOptions options)
    {
        _generator = new SyntheticEcgGenerator(options);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(DBetaColumnNames.Id, TextDataViewType.Instance);
        var rate = new DataViewSchema.Annotations.Builder();
        rate.AddPrimitiveValue(DBetaColumnNames.SampleRateAnnotation, NumberDataViewType.Double, (double)options.SampleRate);
        builder.AddColumn(DBetaColumnNames.Ecg, new VectorDataViewType(NumberDataViewType.Single, DBetaConfig.LeadCount * _generator.SampleCount), rate.ToAnnotations());
        foreach (string label in CodeLabels.Names) builder.AddColumn(label, BooleanDataViewType.Instance);
        Schema = builder.ToSchema();
        _idColumn = 0;
        _ecgColumn = 1;
        _firstLabelColumn = 2;
    }

    public long? GetRowCount() => _generator.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded) active[column.Index] = true;
        return new Cursor(this, active);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly SyntheticEcgDataView _parent;
        private readonly bool[] _active;
        private long _position = -1;
        private SyntheticEcg? _current;

        public Cursor(SyntheticEcgDataView parent, bool[] active)
        {
            _parent = parent;
            _active = active;
        }

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => _parent.Schema;

        public override bool MoveNext()
        {
            _current = null;
            if (_position + 1 >= _parent._generator.Count)
            {
                _position = _parent._generator.Count;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < 0 || column.Index >= _active.Length || Schema[column.Index].Name != column.Name)
                throw new ArgumentOutOfRangeException(nameof(column), $"column '{column.Name}' is not in this data view");
            if (!_active[column.Index])
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");

            Delegate getter;
            if (column.Index == _parent._idColumn)
            {
                Check<TValue, ReadOnlyMemory<char>>(column);
                getter = (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = Current().Record.Id.AsMemory());
            }
            else if (column.Index == _parent._ecgColumn)
            {
                Check<TValue, VBuffer<float>>(column);
                getter = (ValueGetter<VBuffer<float>>)((ref VBuffer<float> value) =>
                {
                    float[] samples = Current().Record.Samples;
                    var editor = VBufferEditor.Create(ref value, samples.Length);
                    samples.AsSpan().CopyTo(editor.Values);
                    value = editor.Commit();
                });
            }
            else
            {
                Check<TValue, bool>(column);
                int label = column.Index - _parent._firstLabelColumn;
                getter = (ValueGetter<bool>)((ref bool value) => value = Current().Labels.ToCodeOrder()[label]);
            }
            return (ValueGetter<TValue>)getter;
        }

        private SyntheticEcg Current()
        {
            if (_position < 0 || _position >= _parent._generator.Count)
                throw new InvalidOperationException("the cursor is not on a row: call MoveNext first");
            return _current ??= _parent._generator.Generate((int)_position);
        }

        private static void Check<TRequested, TActual>(DataViewSchema.Column column)
        {
            if (typeof(TRequested) != typeof(TActual))
                throw new InvalidOperationException(
                    $"column '{column.Name}' has type {column.Type} and is read as {typeof(TActual).Name}, not {typeof(TRequested).Name}");
        }
    }
}
