using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over an <see cref="IEcgSource"/>: one row per record with columns
/// <c>Id</c> (text) and <c>Ecg</c> (<c>Vector&lt;Single, 12 * T&gt;</c>, lead-major, millivolts, annotated with its
/// <c>SampleRate</c>), plus, when labels are attached, one Boolean column per label and a <c>Labels</c>
/// <c>Vector&lt;Single, K&gt;</c> with the label names as slot names, and the columns a dataset loader adds per record
/// (e.g. <c>Age</c>, <c>Sex</c> and <c>Dx</c> of Challenge records, MIMIC-IV-ECG's <c>Report</c> and <c>SubjectId</c>). Cursors stream records in blocks
/// (<see cref="EcgLoaderOptions.BlockSize"/>), so memory stays flat however large the file is.
/// Create one with the <see cref="EcgDataCatalog"/> methods on <c>mlContext.Data</c>.
/// </summary>
public sealed class EcgDataView : IDataView
{
    private const string SlotNamesAnnotationName = "SlotNames";

    private readonly Func<IEcgSource>? _openPerCursor;
    private readonly IEcgSource? _shared;
    private readonly object _gate = new();
    private readonly int _blockSize;
    private readonly InvalidValueHandling _invalidValues;
    private readonly float[]? _labels;
    private readonly string[] _labelNames;
    private readonly EcgRecordColumns? _recordColumns;
    private volatile string[]? _droppedIds;

    /// <summary>
    /// A view over <paramref name="source"/>, which stays the caller's to dispose; cursors share it and take turns
    /// reading. <paramref name="options"/> supplies the block size, the NaN policy and labels.
    /// </summary>
    /// <exception cref="EcgDataException">The labels do not match the source's records.</exception>
    internal EcgDataView(IEcgSource source, EcgLoaderOptions? options = null) : this(source, null, options)
    {
    }

    private EcgDataView(IEcgSource source, Func<IEcgSource>? openPerCursor, EcgLoaderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= new EcgLoaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BlockSize, nameof(options.BlockSize));
        _openPerCursor = openPerCursor;
        _shared = openPerCursor is null ? source : null;
        _blockSize = options.BlockSize;
        _invalidValues = options.InvalidValues;
        Path = source.Path;
        RecordCount = source.Count;
        SampleRate = source.SampleRate;
        SampleCount = source.SampleCount;
        LeadCount = source.LeadCount;

        if (options.Labels is { } labels)
        {
            _labelNames = [.. labels.Names];
            foreach (string name in _labelNames)
                if (name is DBetaColumnNames.Id or DBetaColumnNames.Ecg or DBetaColumnNames.Labels)
                    throw new EcgDataException(labels.Path, $"label column '{name}' has the name of a column the ECG data view already has; rename it");
            _labels = source is IEcgWindowSource { HasWindows: true } windowed
                ? labels.AlignTo([.. Enumerable.Range(0, source.Count).Select(windowed.GetRecordId)], source.Path)
                : labels.AlignTo(source);
        }
        else
        {
            _labelNames = [];
        }
        var columns = options.RecordColumns;
        var skippedRecords = options.SkippedRecords;
        if (source is IEcgWindowSource { HasWindows: true } windows)
        {
            columns = WindowColumns(windows, columns);
            skippedRecords = [.. skippedRecords, .. windows.Skipped];
        }
        if (options.IncludeSourceColumns) columns = WithSourceColumns(source, columns);
        if (columns is not null)
        {
            string[] taken = _labels is null ? [DBetaColumnNames.Id, DBetaColumnNames.Ecg] : [DBetaColumnNames.Id, DBetaColumnNames.Ecg, .. _labelNames, DBetaColumnNames.Labels];
            foreach (var name in columns.Names)
                if (taken.Contains(name, StringComparer.Ordinal))
                    throw new EcgDataException(Path, $"the record column '{name}' has the name of a label or ECG column; rename it");
            if (columns.Text.Any(c => c.Values.Length != RecordCount) || columns.Numbers.Any(c => c.Values.Length != RecordCount)
                || columns.Integers.Any(c => c.Values.Length != RecordCount))
                throw new ArgumentException($"every record column needs {RecordCount} values, one per record of {Path}", nameof(options));
            _recordColumns = columns;
        }
        Notes = options.Notes;
        SkippedRecords = [.. skippedRecords];
        Schema = BuildSchema();
    }

    /// <summary>The file or folder read.</summary>
    public string Path { get; }

    /// <summary>Records in the source (rows of the view unless some are dropped for NaN/infinite values).</summary>
    public int RecordCount { get; }

    /// <summary>Sampling rate in Hz (also the <c>SampleRate</c> annotation of the <c>Ecg</c> column).</summary>
    public double SampleRate { get; }

    /// <summary>Samples per lead.</summary>
    public int SampleCount { get; }

    /// <summary>Leads per record (12).</summary>
    public int LeadCount { get; }

    /// <summary>
    /// Records the loader found but left out, each as <c>id: reason</c>: a dataset's records without a label in the
    /// chosen set, missing on disk or HDF5 padding rows (<c>LoadPtbXl</c>, <c>LoadCode15</c>, <c>LoadMimicIvEcg</c>),
    /// records shorter than one window (<see cref="EcgWindowOptions.SkipShortRecords"/>); empty otherwise.
    /// </summary>
    public IReadOnlyList<string> SkippedRecords { get; }

    /// <summary>
    /// What the loader kept but could not map, one line each (e.g. Challenge <c>#Dx</c> codes outside the label set,
    /// kept in the <c>Dx</c> column); empty for the plain file loaders.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Names of the label columns, empty when no labels are attached.</summary>
    public IReadOnlyList<string> LabelNames => _labelNames;

    /// <summary>
    /// With <see cref="InvalidValueHandling.Drop"/>: ids of the records left out for NaN or infinite values by the
    /// latest cursor that read to the end (empty before that, and always empty with <see cref="InvalidValueHandling.Reject"/>).
    /// </summary>
    public IReadOnlyList<string> DroppedIds => _droppedIds ?? [];

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <summary>False: rows come in file order.</summary>
    public bool CanShuffle => false;

    /// <summary>
    /// The number of rows: the record count, or with <see cref="InvalidValueHandling.Drop"/> null until a cursor
    /// has read to the end and the dropped records are known.
    /// </summary>
    public long? GetRowCount()
    {
        if (_invalidValues == InvalidValueHandling.Reject) return RecordCount;
        return _droppedIds is { } dropped ? RecordCount - dropped.Length : null;
    }

    /// <summary>A cursor over the rows in file order; <paramref name="rand"/> is ignored (the view cannot shuffle).</summary>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded)
        {
            if (column.Index >= Schema.Count || Schema[column.Index].Name != column.Name)
                throw new ArgumentException($"column '{column.Name}' is not a column of this ECG data view", nameof(columnsNeeded));
            active[column.Index] = true;
        }
        IEcgSource source = _openPerCursor?.Invoke() ?? _shared!;
        return new Cursor(this, source, ownsSource: _openPerCursor is not null, active);
    }

    /// <summary>One cursor (the view reads sequentially); <paramref name="n"/> and <paramref name="rand"/> are ignored.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <summary>A view whose cursors each open their own source with <paramref name="open"/> (files are not held between passes).</summary>
    internal static EcgDataView OverFile(Func<IEcgSource> open, EcgLoaderOptions? options)
    {
        using var first = open();
        return new EcgDataView(first, open, options);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"EcgDataView({Path}: {RecordCount} records, {LeadCount} x {SampleCount} at {SampleRate} Hz)");

    private DataViewSchema BuildSchema()
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(DBetaColumnNames.Id, TextDataViewType.Instance);
        var ecgAnnotations = new DataViewSchema.Annotations.Builder();
        ecgAnnotations.AddPrimitiveValue(DBetaColumnNames.SampleRateAnnotation, NumberDataViewType.Double, SampleRate);
        builder.AddColumn(DBetaColumnNames.Ecg, new VectorDataViewType(NumberDataViewType.Single, LeadCount * SampleCount), ecgAnnotations.ToAnnotations());
        if (_labels is not null)
        {
            foreach (string name in _labelNames) builder.AddColumn(name, BooleanDataViewType.Instance);
            var slotNames = new DataViewSchema.Annotations.Builder();
            ValueGetter<VBuffer<ReadOnlyMemory<char>>> getNames = (ref VBuffer<ReadOnlyMemory<char>> value) =>
                value = new VBuffer<ReadOnlyMemory<char>>(_labelNames.Length, [.. _labelNames.Select(n => n.AsMemory())]);
            slotNames.Add(SlotNamesAnnotationName, new VectorDataViewType(TextDataViewType.Instance, _labelNames.Length), getNames);
            builder.AddColumn(DBetaColumnNames.Labels, new VectorDataViewType(NumberDataViewType.Single, _labelNames.Length), slotNames.ToAnnotations());
        }
        if (_recordColumns is not null)
        {
            foreach (var (name, _) in _recordColumns.Text) builder.AddColumn(name, TextDataViewType.Instance);
            foreach (var (name, _) in _recordColumns.Numbers) builder.AddColumn(name, NumberDataViewType.Single);
            foreach (var (name, _) in _recordColumns.Integers) builder.AddColumn(name, NumberDataViewType.Int64);
        }
        return builder.ToSchema();
    }

    /// <summary>The per-record columns repeated for each window of the record, then <c>RecordId</c> and <c>WindowStart</c>.</summary>
    private static EcgRecordColumns WindowColumns(IEcgWindowSource windows, EcgRecordColumns? perRecord)
    {
        int[] recordOf = [.. Enumerable.Range(0, windows.Count).Select(windows.RecordIndexOf)];
        var columns = new EcgRecordColumns();
        foreach (var (name, values) in perRecord?.Text ?? []) columns.AddText(name, [.. recordOf.Select(r => values[r])]);
        columns.AddText(EcgWindowOptions.RecordIdColumnName, [.. Enumerable.Range(0, windows.Count).Select(windows.GetRecordId)]);
        foreach (var (name, values) in perRecord?.Numbers ?? []) columns.AddNumber(name, [.. recordOf.Select(r => values[r])]);
        columns.AddNumber(EcgWindowOptions.WindowStartColumnName, [.. Enumerable.Range(0, windows.Count).Select(i => (float)windows.GetWindowStart(i))]);
        return columns;
    }

    /// <summary>The columns given, then <c>SourceFile</c> and <c>RowIndex</c>: each row's file and row in it (after windows: per window).</summary>
    private static EcgRecordColumns WithSourceColumns(IEcgSource source, EcgRecordColumns? columns)
    {
        var files = new string[source.Count];
        var rows = new long[source.Count];
        for (int i = 0; i < files.Length; i++) (files[i], rows[i]) = source.GetLocation(i);
        return (columns?.Copy() ?? new EcgRecordColumns()).AddText(SourceFileColumnName, files).AddInt64(RowIndexColumnName, rows);
    }

    /// <summary>Name of the column <see cref="EcgLoaderOptions.IncludeSourceColumns"/> adds for the file holding each row.</summary>
    internal const string SourceFileColumnName = "SourceFile";

    /// <summary>Name of the column <see cref="EcgLoaderOptions.IncludeSourceColumns"/> adds for each row's row in its file.</summary>
    internal const string RowIndexColumnName = "RowIndex";

    /// <summary>Index of the first record column in the schema: after Id, Ecg and, with labels, the label columns and the Labels vector.</summary>
    private int FirstRecordColumn => 2 + (_labels is null ? 0 : _labelNames.Length + 1);

    /// <summary>The getter of record column <paramref name="index"/> (0 = the first text column).</summary>
    private Delegate RecordColumnGetter(int index, Func<int> currentRecord)
    {
        var columns = _recordColumns!;
        if (index < columns.Text.Count)
        {
            string[] text = columns.Text[index].Values;
            return (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> value) => value = text[currentRecord()].AsMemory());
        }
        index -= columns.Text.Count;
        if (index < columns.Numbers.Count)
        {
            float[] numbers = columns.Numbers[index].Values;
            return (ValueGetter<float>)((ref float value) => value = numbers[currentRecord()]);
        }
        long[] integers = columns.Integers[index - columns.Numbers.Count].Values;
        return (ValueGetter<long>)((ref long value) => value = integers[currentRecord()]);
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly EcgDataView _view;
        private readonly IEcgSource _source;
        private readonly bool _ownsSource;
        private readonly bool[] _active;
        private readonly bool _readSamples;
        private readonly int _length;
        private readonly float[] _block;
        private readonly bool[] _valid;
        private readonly List<string> _dropped = [];
        private int _blockStart, _blockCount;
        private int _next;
        private int _current = -1;
        private long _position = -1;
        private bool _done, _disposed;

        public Cursor(EcgDataView view, IEcgSource source, bool ownsSource, bool[] active)
        {
            _view = view;
            _source = source;
            _ownsSource = ownsSource;
            _active = active;
            // Dropping bad records needs their values even when only the ids or labels are asked for.
            _readSamples = active[1] || view._invalidValues == InvalidValueHandling.Drop;
            _length = view.LeadCount * view.SampleCount;
            int block = Math.Min(view._blockSize, Math.Max(1, view.RecordCount));
            _block = _readSamples ? new float[(long)block * _length] : [];
            _valid = new bool[block];
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index < _active.Length && _active[column.Index];

        public override bool MoveNext()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_done) return false;
            while (_next < _view.RecordCount)
            {
                int index = _next++;
                if (_readSamples)
                {
                    if (index >= _blockStart + _blockCount) LoadBlock(index);
                    if (!_valid[index - _blockStart])
                    {
                        _dropped.Add(_source.GetId(index));
                        continue;
                    }
                }
                _current = index;
                _position++;
                return true;
            }
            _done = true;
            _current = -1;
            if (_readSamples && _view._invalidValues == InvalidValueHandling.Drop) _view._droppedIds = [.. _dropped];
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)CurrentIndex(), 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index >= _active.Length || _view.Schema[column.Index].Name != column.Name)
                throw new ArgumentException($"column '{column.Name}' is not a column of this ECG data view", nameof(column));
            if (!_active[column.Index])
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<ReadOnlyMemory<char>>)GetId,
                1 => (ValueGetter<VBuffer<float>>)GetEcg,
                _ when column.Index >= _view.FirstRecordColumn => _view.RecordColumnGetter(column.Index - _view.FirstRecordColumn, CurrentIndex),
                _ when column.Index == 2 + _view._labelNames.Length => (ValueGetter<VBuffer<float>>)GetLabels,
                _ => MakeLabelGetter(column.Index - 2),
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"column '{column.Name}' has type {column.Type}, but a getter of {typeof(TValue).Name} was asked for");
        }

        protected override void Dispose(bool disposing)
        {
            if (_disposed) return;
            _disposed = true;
            if (disposing && _ownsSource) _source.Dispose();
            base.Dispose(disposing);
        }

        private void LoadBlock(int index)
        {
            int count = Math.Min(_valid.Length, _view.RecordCount - index);
            var block = _block.AsSpan(0, count * _length);
            var valid = _valid.AsSpan(0, count);
            if (_ownsSource) Read(index, count, block, valid);
            else lock (_view._gate) Read(index, count, block, valid);
            _blockStart = index;
            _blockCount = count;
        }

        private void Read(int index, int count, Span<float> block, Span<bool> valid)
        {
            if (_view._invalidValues == InvalidValueHandling.Drop)
            {
                _source.ReadBlock(index, count, block, valid);
            }
            else
            {
                _source.ReadBlock(index, count, block);
                valid.Fill(true);
            }
        }

        private int CurrentIndex() =>
            _current >= 0 ? _current : throw new InvalidOperationException("the cursor is not on a row; call MoveNext first");

        private void GetId(ref ReadOnlyMemory<char> value) => value = _source.GetId(CurrentIndex()).AsMemory();

        private void GetEcg(ref VBuffer<float> value)
        {
            int index = CurrentIndex();
            var editor = VBufferEditor.Create(ref value, _length);
            _block.AsSpan((index - _blockStart) * _length, _length).CopyTo(editor.Values);
            value = editor.Commit();
        }

        private void GetLabels(ref VBuffer<float> value)
        {
            int index = CurrentIndex();
            int k = _view._labelNames.Length;
            var editor = VBufferEditor.Create(ref value, k);
            _view._labels.AsSpan(index * k, k).CopyTo(editor.Values);
            value = editor.Commit();
        }

        private ValueGetter<bool> MakeLabelGetter(int label)
        {
            int k = _view._labelNames.Length;
            return (ref bool value) => value = _view._labels![CurrentIndex() * k + label] != 0;
        }
    }
}
