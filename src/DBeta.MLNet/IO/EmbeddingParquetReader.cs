using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace DBeta.MLNet;

/// <summary>
/// Reads a DBeta embedding Parquet file (<see cref="EmbeddingParquetSchema"/>) one row group at a time, checking that
/// the columns are there and every embedding has the same width. Not thread-safe; open one per reader thread.
/// </summary>
internal sealed class EmbeddingParquetReader : IDisposable
{
    // D-BETA's embeddings are 768 wide; a width beyond this is a corrupt footer, not a model.
    private const int MaxEmbeddingDim = 1 << 16;

    // Float pages hardly compress (embeddings are noise-like); a row group claiming more values than this ratio of the
    // file's bytes lies, and reading it would allocate what the file cannot hold.
    private const long MaxValuesPerFileByte = 1024;

    private readonly ParquetReader _reader;
    private readonly long _fileBytes;
    private readonly Stream _stream;
    private readonly DataField _id, _sourceFile, _rowIndex, _element;
    private readonly DataField? _record;
    private int[] _definition = [], _repetition = [];

    private EmbeddingParquetReader(string path, ParquetReader reader, Stream stream)
    {
        _stream = stream;
        Path = path;
        _reader = reader;
        _fileBytes = new FileInfo(path).Length;
        var fields = reader.Schema.GetDataFields();
        _id = Find(fields, EmbeddingParquetSchema.IdColumn, typeof(string), "string");
        _sourceFile = Find(fields, EmbeddingParquetSchema.SourceFileColumn, typeof(string), "string");
        _rowIndex = Find(fields, EmbeddingParquetSchema.RowIndexColumn, typeof(long), "int64");
        _element = Find(fields, EmbeddingParquetSchema.EmbeddingColumn, typeof(float), "list<float>");
        // Only parts and checkpoint segments of a sharded run have it.
        if (fields.Any(f => f.Path.ToList() is [EmbeddingParquetSchema.RecordColumn])) _record = Find(fields, EmbeddingParquetSchema.RecordColumn, typeof(int), "int32");
        if (_element.MaxRepetitionLevel != 1)
            throw new EmbeddingFileException(path, $"column '{EmbeddingParquetSchema.EmbeddingColumn}' must be a list<float>, found {_element.Path} with repetition level {_element.MaxRepetitionLevel}");
        Metadata = reader.CustomMetadata ?? new Dictionary<string, string>();
        var groups = reader.Metadata?.RowGroups ?? [];
        RowCount = groups.Sum(g => g.NumRows);
        if (Metadata.TryGetValue(EmbeddingParquetSchema.EmbeddingDimKey, out string? dim)
            && int.TryParse(dim, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d > 0)
            EmbeddingDim = d;
        else if (RowCount > 0)
            EmbeddingDim = (int)(groups.First(g => g.NumRows > 0) is var g0 ? Values(g0) / g0.NumRows : 0);
        if (EmbeddingDim <= 0 && RowCount > 0)
            throw new EmbeddingFileException(path, "the embedding width cannot be told (no dbeta.embedding_dim metadata and empty lists)");
        if (EmbeddingDim > MaxEmbeddingDim)
            throw new EmbeddingFileException(path, $"claims embeddings of width {EmbeddingDim}; more than {MaxEmbeddingDim} is not an embedding file");
    }

    public string Path { get; }

    /// <summary>The footer's key-value metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public int EmbeddingDim { get; }

    public long RowCount { get; }

    public int RowGroupCount => _reader.RowGroupCount;

    /// <summary>True when rows carry their record index in a sharded run's inputs (<see cref="EmbeddingRowBlock.Records"/>).</summary>
    public bool HasRecords => _record is not null;

    /// <exception cref="FileNotFoundException">No file at the path.</exception>
    /// <exception cref="EmbeddingFileException">Not Parquet, or not the embedding columns.</exception>
    public static EmbeddingParquetReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: embedding file not found", path);
        ParquetReader reader;
        var stream = EndCheckedStream.OpenFile(path);
        try
        {
            ParquetLayoutCheck.CheckFooter(path, stream);
            reader = EmbeddingParquetWriter.Wait(ParquetReader.CreateAsync(stream, leaveStreamOpen: false));
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            stream.Dispose();
            throw new EmbeddingFileException(path, $"is not a readable Parquet file ({e.Message})", e);
        }
        try
        {
            return new EmbeddingParquetReader(path, reader, stream);
        }
        catch (Exception e)
        {
            EmbeddingParquetWriter.Wait(reader.DisposeAsync());
            if (IsDecodingFailure(e)) throw new EmbeddingFileException(path, $"is not a readable Parquet file ({e.Message})", e);
            throw;
        }
    }

    /// <summary>Rows in row group <paramref name="index"/>.</summary>
    public long RowGroupRowCount(int index) => _reader.Metadata!.RowGroups[index].NumRows;

    /// <summary>Reads row group <paramref name="index"/> into <paramref name="into"/> (its rows are replaced and its array reused) or a new block.</summary>
    /// <exception cref="EmbeddingFileException">The data cannot be decoded or an embedding has another width.</exception>
    public EmbeddingRowBlock ReadRowGroup(int index, EmbeddingRowBlock? into = null)
    {
        if (into is not null && into.EmbeddingDim != EmbeddingDim)
            throw new ArgumentException($"a block of width {into.EmbeddingDim} for {Path}'s embeddings of width {EmbeddingDim}", nameof(into));
        try
        {
            ParquetLayoutCheck.CheckPages(Path, _stream, _reader.Metadata!.RowGroups[index], index);
            using var group = _reader.OpenRowGroupReader(index);
            int rows = checked((int)group.RowCount);
            long valueCount = group.GetMetadata(_element)?.MetaData?.NumValues ?? -1;
            if (valueCount > MaxValuesPerFileByte * _fileBytes)
                throw new EmbeddingFileException(Path, $"row group {index} claims {valueCount} embedding values, more than a file of {_fileBytes} bytes can hold");
            if (valueCount != (long)rows * EmbeddingDim)
                throw new EmbeddingFileException(Path, $"row group {index} holds {valueCount} embedding values for {rows} rows; expected {rows} x {EmbeddingDim}");
            var ids = new string?[rows];
            var files = new string?[rows];
            var rowIndices = new long[rows];
            var block = into ?? new EmbeddingRowBlock(EmbeddingDim);
            var values = block.ValuesToFill(rows);
            // The levels are checked and dropped: one pair of arrays per reader, grown to the largest row group.
            int count = (int)valueCount;
            if (_definition.Length < count) (_definition, _repetition) = (new int[count], new int[count]);
            EmbeddingParquetWriter.Wait(group.ReadAsync(_id, ids.AsMemory()));
            EmbeddingParquetWriter.Wait(group.ReadAsync(_sourceFile, files.AsMemory()));
            EmbeddingParquetWriter.Wait(group.ReadAsync<long>(_rowIndex, rowIndices.AsMemory()));
            EmbeddingParquetWriter.Wait(group.ReadRawAsync<float>(_element, values, _definition.AsMemory(0, count), _repetition.AsMemory(0, count)));
            int[]? records = _record is null ? null : new int[rows];
            if (records is not null) EmbeddingParquetWriter.Wait(group.ReadAsync<int>(_record!, records.AsMemory()));
            for (int i = 0; i < count; i++)
                if (_repetition[i] != (i % EmbeddingDim == 0 ? 0 : 1) || _definition[i] != _element.MaxDefinitionLevel)
                    throw new EmbeddingFileException(Path, $"row group {index}, row {i / EmbeddingDim}: the embedding is not a list of {EmbeddingDim} non-null floats");
            int missing = Array.FindIndex(ids, s => s is null) is var a && a >= 0 ? a : Array.FindIndex(files, s => s is null);
            if (missing >= 0) throw new EmbeddingFileException(Path, $"row group {index}, row {missing}: null id or source file");
            block.SetRows(ids!, files!, rowIndices, records);
            return block;
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw new EmbeddingFileException(Path, $"row group {index} cannot be read ({e.Message})", e);
        }
    }

    public void Dispose() => EmbeddingParquetWriter.Wait(_reader.DisposeAsync());

    // Parquet.Net decodes untrusted bytes and fails in many ways (Thrift errors, NullReference, IndexOutOfRange, allocation):
    // each is this file being corrupt, not a bug of the caller; only our own errors and cancellation pass through.
    private static bool IsDecodingFailure(Exception e) => e is not (EmbeddingFileException or OperationCanceledException or StackOverflowException);

    private long Values(Parquet.Meta.RowGroup group) =>
        group.Columns.FirstOrDefault(c => c.MetaData?.PathInSchema is { } p && p.Count > 0 && p[0] == EmbeddingParquetSchema.EmbeddingColumn)?.MetaData?.NumValues ?? 0;

    private DataField Find(DataField[] fields, string name, Type clrType, string expected)
    {
        var field = fields.FirstOrDefault(f => f.Path.ToList() is { Count: > 0 } p && p[0] == name)
            ?? throw new EmbeddingFileException(Path, $"has no column '{name}' ({expected}); expected a DBeta embedding file with columns id, source_file, row_index, embedding");
        var actual = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        bool ok = actual == clrType || (clrType == typeof(string) && actual == typeof(ReadOnlyMemory<char>));
        if (!ok) throw new EmbeddingFileException(Path, $"column '{name}' has type {field.ClrType.Name}, expected {expected}");
        return field;
    }
}
