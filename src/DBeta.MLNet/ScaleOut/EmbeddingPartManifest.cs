using System.Text.Json;
using System.Text.Json.Serialization;

namespace DBeta.MLNet;

/// <summary>
/// The JSON manifest written beside each finished part (<c>part-0000i-of-0000n.json</c>): which records the shard
/// covers, how many rows it wrote and which records it dropped, the run (model hash, preprocessing, inputs) and the
/// size and SHA-256 of each file of the part. A part counts as finished only once its manifest exists.
/// Format 2 parts name each record's own file (a WFDB record's header, row 0) and carry each row's record index;
/// format 1 parts (earlier versions) named the input and the record's row in it, and still merge as written.
/// </summary>
internal sealed class EmbeddingPartManifest
{
    public const string FormatName = "dbeta-embedding-part/2";

    /// <summary>The format of earlier versions' parts: rows name their input, not the record's file, and have no record column.</summary>
    public const string Format1Name = "dbeta-embedding-part/1";

    public string Format { get; set; } = FormatName;

    public int ShardIndex { get; set; }

    public int ShardCount { get; set; }

    /// <summary>Global index of the shard's first input record.</summary>
    public int FirstRecord { get; set; }

    /// <summary>Input records the shard covers (rows plus dropped).</summary>
    public int RecordCount { get; set; }

    public long Rows { get; set; }

    /// <summary>Records left out for NaN/Inf values (global index and id).</summary>
    public List<DroppedRecord> Dropped { get; set; } = [];

    public string PartFormat { get; set; } = "parquet";

    public List<PartFile> Files { get; set; } = [];

    public string ModelSha256 { get; set; } = "";

    public string? CheckpointSha256 { get; set; }

    public int EmbeddingDim { get; set; }

    public string Preprocessing { get; set; } = "";

    public string LibraryVersion { get; set; } = "";

    public string InputsSha256 { get; set; } = "";

    public List<EmbeddingRunInfo.InputEntry> Inputs { get; set; } = [];

    /// <summary>Seconds the last worker process spent embedding (resumed runs count only their own share).</summary>
    public double EmbedSeconds { get; set; }

    /// <summary>Records of the shard that were already checkpointed when the last worker process started.</summary>
    public int ResumedAfter { get; set; }

    public sealed record DroppedRecord(int Record, string Id);

    public sealed record PartFile(string Name, long Bytes, string Sha256);

    [JsonIgnore]
    public EmbeddingRunInfo Run => new()
    {
        ModelSha256 = ModelSha256,
        CheckpointSha256 = CheckpointSha256,
        EmbeddingDim = EmbeddingDim,
        Preprocessing = Preprocessing,
        LibraryVersion = LibraryVersion,
        Inputs = EmbeddingRunInfo.FromEntries(Inputs),
    };

    public ShardSpec Shard(string path) =>
        ShardCount >= 1 && ShardIndex >= 0 && ShardIndex < ShardCount ? new ShardSpec(ShardIndex, ShardCount, path)
            : throw new EmbeddingFileException(path, $"shard {ShardIndex} of {ShardCount} is not a valid shard");

    public void SetRun(EmbeddingRunInfo run)
    {
        ModelSha256 = run.ModelSha256;
        CheckpointSha256 = run.CheckpointSha256;
        EmbeddingDim = run.EmbeddingDim;
        Preprocessing = run.Preprocessing;
        LibraryVersion = run.LibraryVersion;
        InputsSha256 = run.InputsSha256;
        Inputs = [.. run.Inputs.Select(i => new EmbeddingRunInfo.InputEntry(i.Path, i.RecordCount))];
    }

    /// <summary>What makes the manifest unusable (a null, a negative count, a shard out of range), or null.</summary>
    private string? Problem()
    {
        if (Dropped is null || Files is null || Inputs is null) return "'dropped', 'files' and 'inputs' must be lists";
        if (ModelSha256 is null || Preprocessing is null || LibraryVersion is null || InputsSha256 is null || PartFormat is null)
            return "'model_sha256', 'preprocessing', 'library_version', 'inputs_sha256' and 'part_format' must be strings";
        if (ShardCount < 1 || ShardIndex < 0 || ShardIndex >= ShardCount) return $"shard {ShardIndex} of {ShardCount} is not a valid shard";
        if (FirstRecord < 0 || RecordCount < 0 || Rows < 0 || EmbeddingDim <= 0)
            return $"first_record {FirstRecord}, record_count {RecordCount}, rows {Rows} and embedding_dim {EmbeddingDim} must not be negative (embedding_dim positive)";
        if (Dropped.Any(d => d is null || d.Id is null)) return "a dropped record has no id";
        if (Files.Any(f => f is null || f.Name is null || f.Sha256 is null)) return "a file has no name or SHA-256";
        if (Inputs.Any(i => i is null || i.Path is null || i.Records < 0)) return "an input has no path or a negative record count";
        if (Inputs.Select(i => i.Path).Distinct(StringComparer.Ordinal).Count() != Inputs.Count) return "an input is listed twice";
        if (Inputs.Sum(i => (long)i.Records) > int.MaxValue) return $"its inputs hold more than {int.MaxValue} records together";
        return null;
    }

    /// <summary>Size and SHA-256 of a file of the part.</summary>
    public static PartFile Describe(string path) => new(Path.GetFileName(path), new FileInfo(path).Length, EmbeddingRunInfo.Sha256OfFile(path));

    /// <summary>Writes the manifest atomically.</summary>
    public void Write(string path) =>
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, PartJson.Options));

    /// <exception cref="EmbeddingFileException">Not a part manifest.</exception>
    public static EmbeddingPartManifest Read(string path)
    {
        EmbeddingPartManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize<EmbeddingPartManifest>(stream, PartJson.Options);
        }
        catch (JsonException e)
        {
            throw new EmbeddingFileException(path, $"is not a part manifest ({e.Message})", e);
        }
        if (manifest is null || manifest.Format is not (FormatName or Format1Name))
            throw new EmbeddingFileException(path, $"is not a part manifest (format '{manifest?.Format}', expected '{FormatName}')");
        if (manifest.Problem() is string problem)
            throw new EmbeddingFileException(path, $"is not a usable part manifest: {problem}");
        if (manifest.InputsSha256 != EcgInputSet.FingerprintOf(EmbeddingRunInfo.FromEntries(manifest.Inputs)))
            throw new EmbeddingFileException(path, "its inputs_sha256 does not match its input list (the manifest was edited)");
        return manifest;
    }
}
