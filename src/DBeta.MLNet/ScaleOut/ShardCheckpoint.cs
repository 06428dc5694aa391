using System.Globalization;
using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>
/// The checkpoint of one shard while it runs: a lock file that keeps a second worker off the shard, and a hidden work
/// folder of segments. A segment is a small, complete Parquet file written atomically every few batches and covering
/// a contiguous run of input records; a restarted worker verifies the segments, continues after the last one, and the
/// finished part is assembled from them. A Parquet file is valid only once its footer is written, so an open part
/// cannot be resumed; closed segments can.
/// </summary>
internal sealed class ShardCheckpoint : IDisposable
{
    private const string FirstRecordKey = "dbeta.segment.first_record";
    private const string EndRecordKey = "dbeta.segment.end_record";
    private const string DroppedKey = "dbeta.segment.dropped";

    private readonly FileStream _lock;
    private readonly List<Segment> _segments = [];

    private ShardCheckpoint(EmbeddingPartNames names, FileStream lockStream)
    {
        Names = names;
        _lock = lockStream;
    }

    public EmbeddingPartNames Names { get; }

    public IReadOnlyList<Segment> Segments => _segments;

    /// <summary>One finished segment: records <c>[FirstRecord, EndRecord)</c>, of which <see cref="Dropped"/> had NaN/Inf.</summary>
    public sealed record Segment(string Path, int FirstRecord, int EndRecord, long Rows, int[] Dropped);

    /// <summary>Takes the shard's lock (a second worker on the same shard gets an error) and removes temporary files a killed worker left.</summary>
    /// <exception cref="EmbeddingFileException">Another process holds the lock.</exception>
    public static ShardCheckpoint Acquire(EmbeddingPartNames names)
    {
        Directory.CreateDirectory(names.Folder);
        FileStream lockStream;
        try
        {
            // FileShare.None takes an exclusive advisory lock, released by the OS when the process dies however it dies.
            lockStream = new FileStream(names.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new EmbeddingFileException(names.Lock, $"another worker is writing {names.Stem} (its lock is held); run one worker per shard", e);
        }
        if (Directory.Exists(names.WorkFolder))
            foreach (string stale in Directory.GetFiles(names.WorkFolder, ".*"))
                File.Delete(stale);
        return new ShardCheckpoint(names, lockStream);
    }

    /// <summary>
    /// Reads the segments left by earlier workers of this shard, checks they come from <paramref name="run"/> and follow
    /// each other from <paramref name="first"/>, and returns the record to continue from.
    /// </summary>
    /// <exception cref="EmbeddingFileException">A segment is unreadable, from another run, or out of sequence.</exception>
    public int Load(EmbeddingRunInfo run, int first, int end)
    {
        _segments.Clear();
        int next = first;
        foreach (string path in Names.Segments())
        {
            using var reader = EmbeddingParquetReader.Open(path);
            var written = EmbeddingRunInfo.FromMetadata(path, reader.Metadata, reader.EmbeddingDim);
            if (written.DifferenceFrom(run) is string difference)
                throw new EmbeddingFileException(path, $"was written by another run ({difference}); delete {Names.WorkFolder} to embed {Names.Stem} from scratch, or use another parts folder");
            if (!reader.HasRecords)
                throw new EmbeddingFileException(path, $"was written by an earlier DBeta.MLNet (its rows have no record column); delete {Names.WorkFolder} to embed {Names.Stem} from scratch");
            int segmentFirst = Int(path, reader.Metadata, FirstRecordKey), segmentEnd = Int(path, reader.Metadata, EndRecordKey);
            int[] dropped = JsonSerializer.Deserialize<int[]>(reader.Metadata.GetValueOrDefault(DroppedKey, "[]")) ?? [];
            if (segmentFirst != next || segmentEnd > end || segmentEnd - segmentFirst != reader.RowCount + dropped.Length)
                throw new EmbeddingFileException(path, $"covers records {segmentFirst}..{segmentEnd - 1} with {reader.RowCount} rows and {dropped.Length} dropped, but the shard continues at {next} and ends before {end}; delete {Names.WorkFolder} to embed {Names.Stem} from scratch");
            _segments.Add(new Segment(path, segmentFirst, segmentEnd, reader.RowCount, dropped));
            next = segmentEnd;
        }
        return next;
    }

    /// <summary>Writes the next segment atomically: <paramref name="rows"/> cover records <c>[first, end)</c> less <paramref name="dropped"/>.</summary>
    public void Write(EmbeddingRowBlock rows, int first, int end, IReadOnlyList<int> dropped, EmbeddingRunInfo run)
    {
        Directory.CreateDirectory(Names.WorkFolder);
        var metadata = run.ToMetadata();
        metadata[FirstRecordKey] = first.ToString(CultureInfo.InvariantCulture);
        metadata[EndRecordKey] = end.ToString(CultureInfo.InvariantCulture);
        metadata[DroppedKey] = JsonSerializer.Serialize(dropped);
        string path = Names.Segment(_segments.Count);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new EmbeddingParquetWriter(stream, rows.EmbeddingDim, metadata, rowGroupRows: Math.Max(1, rows.Count), withRecords: true);
            writer.Add(rows);
            writer.Complete();
        });
        _segments.Add(new Segment(path, first, end, rows.Count, [.. dropped]));
    }

    /// <summary>Deletes the work folder (once the part is finished, or to start over).</summary>
    public void DeleteWork()
    {
        if (Directory.Exists(Names.WorkFolder)) Directory.Delete(Names.WorkFolder, recursive: true);
        _segments.Clear();
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try { File.Delete(Names.Lock); } catch (IOException) { }
        _lock.Dispose();
    }

    private static int Int(string path, IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value
            : throw new EmbeddingFileException(path, $"has no '{key}' metadata; it is not a checkpoint segment");
}
