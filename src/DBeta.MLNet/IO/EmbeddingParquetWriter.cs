using Parquet;

namespace DBeta.MLNet;

/// <summary>
/// Writes embeddings as Apache Parquet (the columns of <see cref="EmbeddingParquetSchema"/>) to a stream, one row group
/// per <see cref="RowGroupRows"/> rows, with key-value metadata in the footer. The file is valid Parquet only after
/// <see cref="Complete"/>; write through a <see cref="PendingFile"/> so nothing half-written appears. Not thread-safe.
/// </summary>
internal sealed class EmbeddingParquetWriter : IDisposable
{
    private readonly ParquetWriter _writer;
    private readonly EmbeddingRowBlock _pending;
    // The list levels of a row group depend only on its size: written once, grown to the largest row group, reused.
    private int[] _definition = [], _repetition = [];
    private bool _done;

    public EmbeddingParquetWriter(Stream stream, int embeddingDim, IReadOnlyDictionary<string, string> metadata, int rowGroupRows = 8192)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        RowGroupRows = rowGroupRows;
        _pending = new EmbeddingRowBlock(embeddingDim);
        _writer = Wait(ParquetWriter.CreateAsync(EmbeddingParquetSchema.Schema, stream));
        var all = new Dictionary<string, string>(metadata) { [EmbeddingParquetSchema.EmbeddingDimKey] = embeddingDim.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        _writer.CustomMetadata = all;
    }

    /// <summary>Rows per row group (the last one may hold fewer).</summary>
    public int RowGroupRows { get; }

    public int EmbeddingDim => _pending.EmbeddingDim;

    /// <summary>Rows written or buffered so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Row groups written so far.</summary>
    public int RowGroupCount { get; private set; }

    public void Add(string id, string sourceFile, long rowIndex, ReadOnlySpan<float> embedding)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        _pending.Add(id, sourceFile, rowIndex, embedding);
        RowCount++;
        if (_pending.Count >= RowGroupRows) Flush();
    }

    /// <summary>Appends every row of <paramref name="rows"/>.</summary>
    public void Add(EmbeddingRowBlock rows)
    {
        for (int i = 0; i < rows.Count; i++) Add(rows.Ids[i], rows.SourceFiles[i], rows.RowIndices[i], rows.Embedding(i));
    }

    /// <summary>Writes the buffered rows as a row group now (nothing when none are buffered).</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_pending.Count == 0) return;
        WriteRowGroup(_pending);
        _pending.Clear();
    }

    /// <summary>Writes the last row group and the footer; the stream then holds a complete Parquet file.</summary>
    public void Complete()
    {
        Flush();
        _done = true;
        Wait(_writer.DisposeAsync());
    }

    public void Dispose()
    {
        if (_done) return;
        _done = true;
        try { Wait(_writer.DisposeAsync()); }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException) { }
    }

    private void WriteRowGroup(EmbeddingRowBlock rows)
    {
        int n = rows.Count, d = rows.EmbeddingDim, count = n * d;
        if (_repetition.Length < count)
        {
            _repetition = new int[count];
            for (int i = 0; i < count; i++) _repetition[i] = i % d == 0 ? 0 : 1;
            _definition = new int[count];
            Array.Fill(_definition, EmbeddingParquetSchema.Element.MaxDefinitionLevel);
        }
        using var group = _writer.CreateRowGroup();
        Wait(group.WriteAsync(EmbeddingParquetSchema.Id, rows.Ids));
        Wait(group.WriteAsync(EmbeddingParquetSchema.SourceFile, rows.SourceFiles));
        Wait(group.WriteAsync<long>(EmbeddingParquetSchema.RowIndex, rows.RowIndices.ToArray()));
        Wait(group.WriteAllPartsAsync<float>(EmbeddingParquetSchema.Element, rows.ValuesMemory, _definition.AsMemory(0, count), _repetition.AsMemory(0, count), default));
        group.CompleteValidate();
        RowGroupCount++;
    }

    // Parquet.Net is asynchronous only; the callers are synchronous (ML.NET cursors, CLI commands) with no synchronization context.
    internal static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    internal static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    internal static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    internal static void Wait(Task task) => task.GetAwaiter().GetResult();
}
