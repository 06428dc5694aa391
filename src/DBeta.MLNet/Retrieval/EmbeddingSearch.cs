using System.Numerics.Tensors;

namespace DBeta.MLNet;

/// <summary>
/// Exact nearest-neighbour search by cosine similarity over an embeddings file (<c>.parquet</c> from <c>dbeta embed</c>
/// or <c>dbeta merge</c>, or <c>.npy</c> with an optional ids CSV), streamed a row group (or 4,096 rows) at a time, so
/// memory stays flat however many rows the file holds: ECG and text embeddings share D-BETA's space, so the query may
/// be either. Rows with a zero vector have no direction and are left out.
/// </summary>
internal static class EmbeddingSearch
{
    private const int NpyRowsPerRead = 4096;

    /// <summary>The <paramref name="top"/> rows most similar to <paramref name="query"/>, most similar first (ties: the earlier row first).</summary>
    /// <exception cref="EmbeddingFileException">The file cannot be read, or its width differs from the query's.</exception>
    public static IReadOnlyList<EmbeddingMatch> Search(string embeddingsPath, ReadOnlySpan<float> query, int top, string? idsCsvPath = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddingsPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        float norm = TensorPrimitives.Norm(query);
        if (!(norm > 0) || !float.IsFinite(norm)) throw new ArgumentException("the query vector is zero or not finite", nameof(query));
        var unit = new float[query.Length];
        TensorPrimitives.Divide(query, norm, unit);
        var best = new TopMatches(top);
        if (Path.GetExtension(embeddingsPath).Equals(".npy", StringComparison.OrdinalIgnoreCase))
            SearchNpy(embeddingsPath, idsCsvPath, unit, best, cancellationToken);
        else
            SearchParquet(embeddingsPath, unit, best, cancellationToken);
        return best.InOrder();
    }

    private static void SearchParquet(string path, float[] unit, TopMatches best, CancellationToken cancellationToken)
    {
        using var reader = EmbeddingParquetReader.Open(path);
        if (reader.RowCount > 0 && reader.EmbeddingDim != unit.Length)
            throw new EmbeddingFileException(path, $"holds embeddings of width {reader.EmbeddingDim}; the query has {unit.Length}");
        var block = new EmbeddingRowBlock(Math.Max(1, reader.EmbeddingDim));
        long row = 0;
        var collector = new LargeReadCollector();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.ReadRowGroup(g, block);
            collector.Read(block);
            for (int r = 0; r < block.Count; r++, row++)
            {
                float cosine = Cosine(unit, block.Embedding(r));
                if (best.Accepts(cosine)) best.Add(new EmbeddingMatch(block.Ids[r], block.SourceFiles[r], block.RowIndices[r], row, cosine));
            }
        }
    }

    private static void SearchNpy(string path, string? idsCsvPath, float[] unit, TopMatches best, CancellationToken cancellationToken)
    {
        using var npy = NpyReader.Open(path, static (file, what) => new EmbeddingFileException(file, what));
        if (npy.Shape.Count != 2 || npy.Shape[1] != unit.Length)
            throw new EmbeddingFileException(path, $"has shape [{string.Join(", ", npy.Shape)}]; expected [rows, {unit.Length}] for a query of width {unit.Length}");
        // Matches keep their row; ids are looked up for the winners only, in one pass over the ids file at the end.
        var rows = new float[NpyRowsPerRead * unit.Length];
        for (long first = 0; first < npy.RowCount; first += NpyRowsPerRead)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = (int)Math.Min(NpyRowsPerRead, npy.RowCount - first);
            npy.ReadRows(first, count, rows);
            for (int r = 0; r < count; r++)
            {
                float cosine = Cosine(unit, rows.AsSpan(r * unit.Length, unit.Length));
                if (best.Accepts(cosine)) best.Add(new EmbeddingMatch((first + r).ToString(System.Globalization.CultureInfo.InvariantCulture), "", first + r, first + r, cosine));
            }
        }
        if (idsCsvPath is null) return;
        var wanted = best.InOrder().ToDictionary(m => m.Row);
        long line = 0;
        foreach (var (id, sourceFile, rowIndex, _) in EmbeddingIdsCsv.Read(idsCsvPath))
        {
            if (wanted.TryGetValue(line, out var match)) best.Replace(match, match with { Id = id, SourceFile = sourceFile, RowIndex = rowIndex });
            line++;
        }
        if (line != npy.RowCount) throw new EmbeddingFileException(idsCsvPath, $"has {line} rows but {path} has {npy.RowCount}");
    }

    /// <summary>Cosine of the unit query with <paramref name="row"/>; NaN (never a match) for a zero or non-finite row.</summary>
    private static float Cosine(float[] unit, ReadOnlySpan<float> row)
    {
        float norm = TensorPrimitives.Norm(row);
        return norm > 0 && float.IsFinite(norm) ? TensorPrimitives.Dot(unit, row) / norm : float.NaN;
    }

    /// <summary>The best <c>k</c> matches seen so far: a min-heap on (cosine, -row) so the weakest is dropped first.</summary>
    private sealed class TopMatches(int k)
    {
        private readonly PriorityQueue<EmbeddingMatch, (float, long)> _heap = new();

        public bool Accepts(float cosine) => !float.IsNaN(cosine) && (_heap.Count < k || cosine > _heap.Peek().Cosine);

        public void Add(EmbeddingMatch match)
        {
            _heap.Enqueue(match, (match.Cosine, -match.Row));
            if (_heap.Count > k) _heap.Dequeue();
        }

        public void Replace(EmbeddingMatch old, EmbeddingMatch updated)
        {
            var items = _heap.UnorderedItems.Select(i => i.Element == old ? updated : i.Element).ToArray();
            _heap.Clear();
            foreach (var item in items) _heap.Enqueue(item, (item.Cosine, -item.Row));
        }

        public IReadOnlyList<EmbeddingMatch> InOrder() =>
            [.. _heap.UnorderedItems.Select(i => i.Element).OrderByDescending(m => m.Cosine).ThenBy(m => m.Row)];
    }
}
