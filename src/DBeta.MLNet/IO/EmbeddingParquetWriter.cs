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

    /// <summary>Starts a file; with <paramref name="withRecords"/> (parts and checkpoint segments) every row must carry its record index.</summary>
    public EmbeddingParquetWriter(Stream stream, int embeddingDim, IReadOnlyDictionary<string, string> metadata, int rowGroupRows = 8192, bool withRecords = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        RowGroupRows = rowGroupRows;
        WithRecords = withRecords;
        _pending = new EmbeddingRowBlock(embeddingDim);
        _writer = Wait(ParquetWriter.CreateAsync(withRecords ? EmbeddingParquetSchema.SchemaWithRecords : EmbeddingParquetSchema.Schema, stream));
        var all = new Dictionary<string, string>(metadata) { [EmbeddingParquetSchema.EmbeddingDimKey] = embeddingDim.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        _writer.CustomMetadata = all;
    }

    /// <summary>Rows per row group (the last one may hold fewer).</summary>
    public int RowGroupRows { get; }

    public int EmbeddingDim => _pending.EmbeddingDim;

    /// <summary>True when the file has the <c>record</c> column.</summary>
    public bool WithRecords { get; }

    /// <summary>Rows written or buffered so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Row groups written so far.</summary>
    public int RowGroupCount { get; private set; }

    public void Add(string id, string sourceFile, long rowIndex, ReadOnlySpan<float> embedding)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (WithRecords) throw new InvalidOperationException("this file has a record column: add rows with their record index");
        _pending.Add(id, sourceFile, rowIndex, embedding);
        Added();
    }

    /// <summary>Adds a row with its record index in the run's inputs (a file created <c>withRecords</c>).</summary>
    public void Add(string id, string sourceFile, long rowIndex, int record, ReadOnlySpan<float> embedding)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (!WithRecords) throw new InvalidOperationException("this file has no record column");
        _pending.Add(id, sourceFile, rowIndex, record, embedding);
        Added();
    }

    /// <summary>Appends every row of <paramref name="rows"/> (with their record indices when the file has the column).</summary>
    public void Add(EmbeddingRowBlock rows)
    {
        if (WithRecords && rows.Count > 0 && !rows.HasRecords)
            throw new ArgumentException("rows without record indices for a file with a record column", nameof(rows));
        for (int i = 0; i < rows.Count; i++)
        {
            if (WithRecords) Add(rows.Ids[i], rows.SourceFiles[i], rows.RowIndices[i], rows.Records[i], rows.Embedding(i));
            else Add(rows.Ids[i], rows.SourceFiles[i], rows.RowIndices[i], rows.Embedding(i));
        }
    }

    private void Added()
    {
        RowCount++;
        if (_pending.Count >= RowGroupRows) Flush();
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
        if (WithRecords) Wait(group.WriteAsync<int>(EmbeddingParquetSchema.Record, rows.Records.ToArray()));
        group.CompleteValidate();
        RowGroupCount++;
    }

    // Parquet.Net is asynchronous only; the callers are synchronous (ML.NET cursors, CLI commands) with no synchronization context.
    internal static void Wait(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    internal static T Wait<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    internal static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    internal static void Wait(Task task) => task.GetAwaiter().GetResult();
}
