using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// An in-memory <see cref="IDataView"/> of embeddings and their binary labels: an embedding column
/// <c>Vector&lt;Single, D&gt;</c> and one Boolean column per label. Made from cached embeddings (<see cref="Load"/>:
/// an <c>[N, D]</c> <c>.npy</c> plus a <c>gold_standard.csv</c>-style label file) or from arrays (<see cref="Create"/>).
/// </summary>
internal sealed class EmbeddingDataset : IDataView
{
    private readonly float[] _embeddings;
    private readonly bool[][] _labels;
    private readonly string[]? _ids;

    /// <summary>The embedding column's name.</summary>
    public string EmbeddingColumnName { get; }

    /// <summary>Embedding width D.</summary>
    public int Dimension { get; }

    /// <summary>Rows (ECGs).</summary>
    public int RowCount { get; }

    /// <summary>Label column names, in column order after the embedding column.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <inheritdoc />
    public bool CanShuffle => false;

    private EmbeddingDataset(float[] embeddings, int dimension, string embeddingColumnName, string[] labelNames, bool[][] labels, string[]? ids = null)
    {
        _embeddings = embeddings;
        _labels = labels;
        _ids = ids;
        Dimension = dimension;
        RowCount = embeddings.Length / dimension;
        EmbeddingColumnName = embeddingColumnName;
        LabelNames = labelNames;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(embeddingColumnName, new VectorDataViewType(NumberDataViewType.Single, dimension));
        foreach (string name in labelNames) builder.AddColumn(name, BooleanDataViewType.Instance);
        if (ids is not null) builder.AddColumn(DBetaColumnNames.Id, TextDataViewType.Instance);
        Schema = builder.ToSchema();
    }

    /// <summary>
    /// Wraps row-major embeddings (<paramref name="embeddings"/>.Length = N x <paramref name="dimension"/>) and one
    /// <c>bool[N]</c> per label, and with <paramref name="ids"/> an <c>Id</c> column last. The arrays are used as they are, not copied.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes disagree, names repeat, or an embedding value is not finite.</exception>
    public static EmbeddingDataset Create(float[] embeddings, int dimension, IReadOnlyList<string>? labelNames = null,
        IReadOnlyList<bool[]>? labels = null, string embeddingColumnName = DBetaColumnNames.Embedding, string[]? ids = null)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(embeddingColumnName);
        labelNames ??= [];
        labels ??= [];
        if (dimension <= 0 || embeddings.Length % dimension != 0)
            throw new ArgumentException($"{embeddings.Length} values do not make rows of dimension {dimension}", nameof(dimension));
        int rows = embeddings.Length / dimension;
        if (labels.Count != labelNames.Count)
            throw new ArgumentException($"{labelNames.Count} label names but {labels.Count} label columns", nameof(labels));
        for (int j = 0; j < labels.Count; j++)
            if (labels[j].Length != rows)
                throw new ArgumentException($"label '{labelNames[j]}' has {labels[j].Length} rows but there are {rows} embeddings", nameof(labels));
        if (ids is not null && ids.Length != rows)
            throw new ArgumentException($"{ids.Length} ids but there are {rows} embeddings", nameof(ids));
        var names = labelNames.Prepend(embeddingColumnName).Concat(ids is null ? [] : [DBetaColumnNames.Id]).ToArray();
        if (names.Distinct().Count() != names.Length)
            throw new ArgumentException($"column names repeat: {string.Join(", ", names)}", nameof(labelNames));
        int bad = Array.FindIndex(embeddings, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new ArgumentException($"embedding row {bad / dimension} value {bad % dimension} is {embeddings[bad]}, not a finite number", nameof(embeddings));
        return new EmbeddingDataset(embeddings, dimension, embeddingColumnName, [.. labelNames], [.. labels], ids);
    }

    /// <summary>
    /// Loads cached embeddings from an <c>[N, D]</c> float32/float64 <c>.npy</c> and, when
    /// <paramref name="labelsCsvPath"/> is given, their labels from a CSV with a header of label names and N rows of
    /// 0/1 in the same order (CODE-test's <c>gold_standard.csv</c> layout). <paramref name="labelNames"/> picks
    /// columns of the CSV (default: all of them).
    /// </summary>
    /// <exception cref="EcgDataException">A malformed file, a missing label column, a non-finite embedding or differing row counts; the message names the file.</exception>
    public static EmbeddingDataset Load(string embeddingsNpyPath, string? labelsCsvPath = null,
        IReadOnlyList<string>? labelNames = null, string embeddingColumnName = DBetaColumnNames.Embedding)
    {
        ArgumentNullException.ThrowIfNull(embeddingsNpyPath);
        float[] values;
        int rows, dimension;
        using (var npy = NpyReader.Open(embeddingsNpyPath, EcgDataException.ForFile))
        {
            if (npy.Shape.Count != 2 || npy.Shape[0] == 0 || npy.Shape[1] == 0)
                throw new EcgDataException(embeddingsNpyPath, $"has shape ({string.Join(", ", npy.Shape)}); expected a matrix [N, D] of embeddings with N, D > 0");
            values = npy.ReadAll();
            (rows, dimension) = ((int)npy.Shape[0], (int)npy.Shape[1]);
        }
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new EcgDataException(embeddingsNpyPath, $"embedding value {bad % dimension} is {values[bad]}, not a finite number",
                (bad / dimension).ToString(CultureInfo.InvariantCulture));
        if (labelsCsvPath is null)
            return Create(values, dimension, embeddingColumnName: embeddingColumnName);
        var labelFile = EcgLabels.LoadCsv(labelsCsvPath, new EcgLabelOptions { LabelColumns = labelNames });
        if (labelFile.Names.Contains(embeddingColumnName))
            throw new EcgDataException(labelsCsvPath, $"has a label column named '{embeddingColumnName}', the embedding column's name");
        return Create(values, dimension, labelFile.Names, LabelColumns(labelFile, rows, embeddingsNpyPath), embeddingColumnName);
    }

    /// <summary>One <c>bool[rows]</c> per label of <paramref name="labels"/>, matched to <paramref name="rows"/> records by order.</summary>
    /// <exception cref="EcgDataException">The label file's row count is not <paramref name="rows"/>.</exception>
    internal static bool[][] LabelColumns(EcgLabels labels, int rows, string sourcePath)
    {
        if (labels.RowCount != rows)
            throw new EcgDataException(labels.Path, $"has {labels.RowCount} label rows but {sourcePath} has {rows}; expected one label row for each, in the same order");
        var byOrder = new string[rows];
        for (int i = 0; i < rows; i++) byOrder[i] = i.ToString(CultureInfo.InvariantCulture);
        float[] flat = labels.AlignTo(byOrder, sourcePath);
        int k = labels.Names.Count;
        return Enumerable.Range(0, k).Select(j => Enumerable.Range(0, rows).Select(r => flat[r * k + j] == 1).ToArray()).ToArray();
    }

    /// <summary>The labels of column <paramref name="labelName"/> (the stored array: do not modify).</summary>
    internal bool[] Labels(string labelName) => _labels[IndexOfLabel(labelName)];

    private int IndexOfLabel(string labelName)
    {
        for (int j = 0; j < LabelNames.Count; j++) if (LabelNames[j] == labelName) return j;
        throw new KeyNotFoundException($"no label column '{labelName}'");
    }

    /// <inheritdoc />
    public long? GetRowCount() => RowCount;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded) active[column.Index] = true;
        return new Cursor(this, active);
    }

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(EmbeddingDataset owner, bool[] active) : DataViewRowCursor
    {
        private long _position = -1;
        private bool _done;

        public override DataViewSchema Schema => owner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => active[column.Index];

        public override bool MoveNext()
        {
            if (_done) return false;
            if (++_position < owner.RowCount) return true;
            _done = true;
            _position = -1;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)CheckedRow(), 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active[column.Index])
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was made");
            if (column.Index == 0)
            {
                if (typeof(TValue) != typeof(VBuffer<float>))
                    throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
                ValueGetter<VBuffer<float>> embedding = (ref VBuffer<float> value) =>
                {
                    int d = owner.Dimension;
                    var editor = VBufferEditor.Create(ref value, d);
                    owner._embeddings.AsSpan(checked((int)CheckedRow() * d), d).CopyTo(editor.Values);
                    value = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)embedding;
            }
            if (column.Index == 1 + owner._labels.Length)
            {
                if (typeof(TValue) != typeof(ReadOnlyMemory<char>))
                    throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
                ValueGetter<ReadOnlyMemory<char>> id = (ref ReadOnlyMemory<char> value) => value = owner._ids![CheckedRow()].AsMemory();
                return (ValueGetter<TValue>)(Delegate)id;
            }
            if (typeof(TValue) != typeof(bool))
                throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}");
            bool[] labels = owner._labels[column.Index - 1];
            ValueGetter<bool> label = (ref bool value) => value = labels[CheckedRow()];
            return (ValueGetter<TValue>)(Delegate)label;
        }

        private long CheckedRow() => _position >= 0 ? _position
            : throw new InvalidOperationException("the cursor is not on a row; call MoveNext first");
    }
}
