namespace DBeta.MLNet;

/// <summary>
/// Rows of an embedding file held in memory: record id, source file, row in that file, and the embedding, which
/// are the columns of <see cref="EmbeddingParquetWriter"/>'s files. Grows as rows are added; <see cref="Clear"/> reuses it.
/// </summary>
internal sealed class EmbeddingRowBlock(int embeddingDim)
{
    // Allocated as rows arrive: the width may come from a file not yet checked.
    private float[] _values = [];

    public int EmbeddingDim { get; } = embeddingDim > 0 ? embeddingDim : throw new ArgumentOutOfRangeException(nameof(embeddingDim));

    public List<string> Ids { get; } = [];

    public List<string> SourceFiles { get; } = [];

    public List<long> RowIndices { get; } = [];

    /// <summary>
    /// Each row's record index in a sharded run's input list: parts and checkpoint segments carry it (a record's file
    /// and row do not tell it for a WFDB record); empty for files that do not (merged outputs, earlier parts).
    /// </summary>
    public List<int> Records { get; } = [];

    public int Count => Ids.Count;

    /// <summary>All embeddings, row after row (<c>Count * EmbeddingDim</c> values).</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count * EmbeddingDim);

    /// <summary><see cref="Values"/> as memory, for writers that take it without a copy.</summary>
    public ReadOnlyMemory<float> ValuesMemory => _values.AsMemory(0, Count * EmbeddingDim);

    public ReadOnlySpan<float> Embedding(int row) => _values.AsSpan(row * EmbeddingDim, EmbeddingDim);

    /// <summary>Adds a row with its record index in the run's inputs (<see cref="Records"/>).</summary>
    public void Add(string id, string sourceFile, long rowIndex, int record, ReadOnlySpan<float> embedding)
    {
        if (Records.Count != Count) throw new InvalidOperationException("a row with a record index in a block of rows without");
        Add(id, sourceFile, rowIndex, embedding);
        Records.Add(record);
    }

    public void Add(string id, string sourceFile, long rowIndex, ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != EmbeddingDim)
            throw new ArgumentException($"an embedding of {embedding.Length} values in a block of width {EmbeddingDim}", nameof(embedding));
        int at = Count * EmbeddingDim;
        if (at + EmbeddingDim > _values.Length) Array.Resize(ref _values, Math.Max(_values.Length * 2, at + EmbeddingDim));
        embedding.CopyTo(_values.AsSpan(at));
        Ids.Add(id);
        SourceFiles.Add(sourceFile);
        RowIndices.Add(rowIndex);
    }

    /// <summary>Appends row <paramref name="row"/> of <paramref name="other"/>.</summary>
    public void Add(EmbeddingRowBlock other, int row)
    {
        if (other.HasRecords) Add(other.Ids[row], other.SourceFiles[row], other.RowIndices[row], other.Records[row], other.Embedding(row));
        else Add(other.Ids[row], other.SourceFiles[row], other.RowIndices[row], other.Embedding(row));
    }

    /// <summary>True when every row carries its record index (<see cref="Records"/>).</summary>
    public bool HasRecords => Count > 0 && Records.Count == Count;

    /// <summary>
    /// Empties the block and returns room for <paramref name="rows"/> embeddings for a reader to fill, reusing the block's
    /// array when it is large enough (so reading row group after row group allocates nothing large); then call
    /// <see cref="SetRows"/>.
    /// </summary>
    public Memory<float> ValuesToFill(int rows)
    {
        Clear();
        int length = checked(rows * EmbeddingDim);
        if (_values.Length < length) _values = new float[length];
        return _values.AsMemory(0, length);
    }

    /// <summary>Sets the rows whose embeddings were written into <see cref="ValuesToFill"/>.</summary>
    public void SetRows(string[] ids, string[] sourceFiles, long[] rowIndices, int[]? records = null)
    {
        Clear();
        Ids.AddRange(ids);
        SourceFiles.AddRange(sourceFiles);
        RowIndices.AddRange(rowIndices);
        if (records is not null) Records.AddRange(records);
    }

    public void Clear()
    {
        Ids.Clear();
        SourceFiles.Clear();
        RowIndices.Clear();
        Records.Clear();
    }
}
