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

    public int Count => Ids.Count;

    /// <summary>All embeddings, row after row (<c>Count * EmbeddingDim</c> values).</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count * EmbeddingDim);

    /// <summary><see cref="Values"/> as memory, for writers that take it without a copy.</summary>
    public ReadOnlyMemory<float> ValuesMemory => _values.AsMemory(0, Count * EmbeddingDim);

    public ReadOnlySpan<float> Embedding(int row) => _values.AsSpan(row * EmbeddingDim, EmbeddingDim);

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
    public void Add(EmbeddingRowBlock other, int row) =>
        Add(other.Ids[row], other.SourceFiles[row], other.RowIndices[row], other.Embedding(row));

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
    public void SetRows(string[] ids, string[] sourceFiles, long[] rowIndices)
    {
        Clear();
        Ids.AddRange(ids);
        SourceFiles.AddRange(sourceFiles);
        RowIndices.AddRange(rowIndices);
    }

    public void Clear()
    {
        Ids.Clear();
        SourceFiles.Clear();
        RowIndices.Clear();
    }
}
