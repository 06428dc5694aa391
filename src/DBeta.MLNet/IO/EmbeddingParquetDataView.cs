using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// An ML.NET <see cref="IDataView"/> over a DBeta embedding Parquet file (a merged output or one part): columns
/// <c>Id</c> and <c>SourceFile</c> (text), <c>RowIndex</c> (Int64) and <c>Embedding</c> (<c>Vector&lt;Single, D&gt;</c>).
/// Cursors stream the file one row group at a time, so memory stays bounded by a row group. Create one with
/// <c>mlContext.Data.LoadEmbeddingsFromParquet(path)</c>.
/// </summary>
internal sealed class EmbeddingParquetDataView : IDataView
{
    /// <summary>Name of the record id column (text).</summary>
    public const string IdColumnName = DBetaColumnNames.Id;

    /// <summary>Name of the source file column (text).</summary>
    public const string SourceFileColumnName = "SourceFile";

    /// <summary>Name of the column holding the record's row in its source file (Int64).</summary>
    public const string RowIndexColumnName = "RowIndex";

    /// <summary>Name of the embedding column (<c>Vector&lt;Single, D&gt;</c>).</summary>
    public const string EmbeddingColumnName = DBetaColumnNames.Embedding;

    private readonly long _rowCount;

    internal EmbeddingParquetDataView(string path)
    {
        using var reader = EmbeddingParquetReader.Open(path);
        Path = path;
        EmbeddingDim = reader.EmbeddingDim;
        if (EmbeddingDim <= 0) throw new EmbeddingFileException(path, "holds no embeddings and no dbeta.embedding_dim metadata; its width is unknown");
        _rowCount = reader.RowCount;
        Metadata = new Dictionary<string, string>(reader.Metadata);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(IdColumnName, TextDataViewType.Instance);
        builder.AddColumn(SourceFileColumnName, TextDataViewType.Instance);
        builder.AddColumn(RowIndexColumnName, NumberDataViewType.Int64);
        builder.AddColumn(EmbeddingColumnName, new VectorDataViewType(NumberDataViewType.Single, EmbeddingDim));
        Schema = builder.ToSchema();
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Width of the embeddings.</summary>
    public int EmbeddingDim { get; }

    /// <summary>The file's key-value metadata (model SHA-256, preprocessing, library version, inputs).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <summary>False: rows come in file order.</summary>
    public bool CanShuffle => false;

    /// <summary>The number of rows, from the file's footer.</summary>
    public long? GetRowCount() => _rowCount;

    /// <summary>A cursor over the rows in file order; <paramref name="rand"/> is ignored.</summary>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = new bool[Schema.Count];
        foreach (var column in columnsNeeded)
        {
            if (column.Index >= Schema.Count || Schema[column.Index].Name != column.Name)
                throw new ArgumentException($"column '{column.Name}' is not a column of this embedding data view", nameof(columnsNeeded));
            active[column.Index] = true;
        }
        return new Cursor(this, active);
    }

    /// <summary>One cursor (row groups are read in order); <paramref name="n"/> and <paramref name="rand"/> are ignored.</summary>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"EmbeddingParquetDataView({Path}: {_rowCount} rows of {EmbeddingDim})");

    private sealed class Cursor(EmbeddingParquetDataView view, bool[] active) : DataViewRowCursor
    {
        private readonly EmbeddingParquetReader _reader = EmbeddingParquetReader.Open(view.Path);
        private EmbeddingRowBlock? _block;
        private int _group = -1, _row = -1;
        private long _position = -1;
        private bool _done;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index < active.Length && active[column.Index];

        public override bool MoveNext()
        {
            if (_done) return false;
            while (_block is null || _row + 1 >= _block.Count)
            {
                if (_group + 1 >= _reader.RowGroupCount)
                {
                    _done = true;
                    _block = null;
                    return false;
                }
                _block = _reader.ReadRowGroup(++_group, _block);
                _row = -1;
            }
            _row++;
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)Current().Position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index >= active.Length || view.Schema[column.Index].Name != column.Name)
                throw new ArgumentException($"column '{column.Name}' is not a column of this embedding data view", nameof(column));
            if (!active[column.Index])
                throw new InvalidOperationException($"column '{column.Name}' was not requested when the cursor was created");
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Block.Ids[_row].AsMemory()),
                1 => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = Current().Block.SourceFiles[_row].AsMemory()),
                2 => (ValueGetter<long>)((ref long v) => v = Current().Block.RowIndices[_row]),
                _ => (ValueGetter<VBuffer<float>>)GetEmbedding,
            };
            return getter as ValueGetter<TValue> ?? throw new InvalidOperationException(
                $"column '{column.Name}' has type {column.Type}, but a getter of {typeof(TValue).Name} was asked for");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _reader.Dispose();
            base.Dispose(disposing);
        }

        private void GetEmbedding(ref VBuffer<float> value)
        {
            var block = Current().Block;
            var editor = VBufferEditor.Create(ref value, view.EmbeddingDim);
            block.Embedding(_row).CopyTo(editor.Values);
            value = editor.Commit();
        }

        private (EmbeddingRowBlock Block, long Position) Current() =>
            _block is not null && _row >= 0 ? (_block, _position) : throw new InvalidOperationException("the cursor is not on a row; call MoveNext first");
    }
}
