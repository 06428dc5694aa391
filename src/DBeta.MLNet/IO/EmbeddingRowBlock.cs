namespace DBeta.MLNet;

/// <summary>
/// Rows of an embedding file held in memory: record id, source file, row in that file, and the embedding, which
/// are the columns of <see cref="EmbeddingParquetWriter"/>'s files. Grows as rows are added; <see cref="Clear"/> reuses it.
/// </summary>
internal sealed class EmbeddingRowBlock(int embeddingDim)
{
    private float[] _values = new float[embeddingDim * 16];

    public int EmbeddingDim { get; } = embeddingDim > 0 ? embeddingDim : throw new ArgumentOutOfRangeException(nameof(embeddingDim));

    public List<string> Ids { get; } = [];

    public List<string> SourceFiles { get; } = [];

    public List<long> RowIndices { get; } = [];

    public int Count => Ids.Count;

    /// <summary>All embeddings, row after row (<c>Count * EmbeddingDim</c> values).</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count * EmbeddingDim);

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

    /// <summary>Sets the rows from columns read from a file (the values are taken, not copied).</summary>
    public void SetColumns(string[] ids, string[] sourceFiles, long[] rowIndices, float[] values)
    {
        Clear();
        Ids.AddRange(ids);
        SourceFiles.AddRange(sourceFiles);
        RowIndices.AddRange(rowIndices);
        _values = values;
    }

    public void Clear()
    {
        Ids.Clear();
        SourceFiles.Clear();
        RowIndices.Clear();
    }
}
