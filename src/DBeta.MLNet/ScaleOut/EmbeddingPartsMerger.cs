using System.Globalization;
using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// Merges the parts of a sharded embedding run (<see cref="EcgShardEmbedder"/>) into one file in input order, after
/// checking that every input record appears exactly once (or was dropped for NaN/Inf), that every part comes from
/// the same model, preprocessing, library version and input list, and that each part's files match the sizes and
/// SHA-256 its manifest recorded. Any problem stops the merge before an output appears, with an error that names the
/// missing parts and the missing or duplicated records.
/// </summary>
internal static class EmbeddingPartsMerger
{
    /// <summary>
    /// Merges the parts in <paramref name="partsFolder"/> into <paramref name="outputPath"/>: <c>.parquet</c> (columns id,
    /// source_file, row_index, embedding; the run in the metadata) or <c>.npy</c> (<c>[rows, D]</c> float32, with
    /// <see cref="EmbeddingMergeOptions.IdsCsvPath"/> for the ids). The output is written atomically.
    /// </summary>
    /// <exception cref="EmbeddingFileException">No parts, parts that do not agree, missing parts, or missing, duplicated or misplaced records.</exception>
    /// <exception cref="ArgumentException">The output is neither <c>.parquet</c> nor <c>.npy</c>.</exception>
    public static EmbeddingMergeResult Merge(string partsFolder, string outputPath, EmbeddingMergeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partsFolder);
        ArgumentNullException.ThrowIfNull(outputPath);
        options ??= new EmbeddingMergeOptions();
        string extension = Path.GetExtension(outputPath).ToLowerInvariant();
        if (extension is not (".parquet" or ".npy"))
            throw new ArgumentException($"{outputPath}: the merged output must be .parquet or .npy", nameof(outputPath));
        if (!Directory.Exists(partsFolder)) throw new DirectoryNotFoundException($"{partsFolder}: parts folder not found");

        var (run, parts) = ReadManifests(partsFolder);
        int total = run.RecordCount;
        var problems = new Problems(partsFolder, options.MaxNamedRecords);
        int shardCount = parts[0].Manifest.ShardCount;
        ReportMissingParts(partsFolder, run, shardCount, parts, problems);

        // Which records are held so far (dropped ones count), a bit each. A record's holder is the part of its shard,
        // except for rows found in another part (a problem, kept in a map to name the part): memory does not grow with the rows.
        var seen = new RecordBitSet();
        var heldElsewhere = new Dictionary<int, int>();
        void Hold(int record, int shardIndex)
        {
            seen.Add(record);
            if (OwnerOf(record, total, shardCount) != shardIndex) heldElsewhere[record] = shardIndex;
        }
        int Holder(int record) => heldElsewhere.TryGetValue(record, out int shardIndex) ? shardIndex : OwnerOf(record, total, shardCount);
        var dropped = new List<string>();
        foreach (var part in parts)
            foreach (var d in part.Manifest.Dropped)
            {
                if (d.Record < 0 || d.Record >= total) { problems.Add($"{part.Name}: dropped record {d.Record} is not an input record"); continue; }
                Hold(d.Record, part.Manifest.ShardIndex);
                dropped.Add(d.Id);
            }

        var inputIndex = run.Inputs.Select((input, i) => (input.Path, i)).ToDictionary(p => p.Path, p => p.i, StringComparer.Ordinal);
        long rows = 0;
        var block = new EmbeddingRowBlock(run.EmbeddingDim);
        var collector = new LargeReadCollector();
        using var sink = OpenSink(outputPath, run, options);
        foreach (var part in parts.OrderBy(p => p.Manifest.ShardIndex))
        {
            var m = part.Manifest;
            var shard = m.Shard(part.ManifestPath);
            var (first, count) = shard.RangeOf(total);
            if (m.FirstRecord != first || m.RecordCount != count)
                problems.Add($"{part.Name} covers records {m.FirstRecord}..{m.FirstRecord + m.RecordCount - 1}, but part {shard} of an input of {total} records is {first}..{first + count - 1}");
            if (!CheckFiles(partsFolder, part, problems)) continue;
            int previous = -1;
            long partRows = 0;
            bool withRecords = m.Format == EmbeddingPartManifest.FormatName;
            foreach (var _ in ReadPart(partsFolder, m, block))
            {
                cancellationToken.ThrowIfCancellationRequested();
                collector.Read(block);
                if (withRecords && block.Count > 0 && !block.HasRecords)
                {
                    problems.Add($"{part.Name}: its rows have no record column, which parts of format '{m.Format}' carry");
                    partRows += block.Count;
                    continue;
                }
                for (int r = 0; r < block.Count; r++)
                {
                    partRows++;
                    string file = block.SourceFiles[r];
                    long row = block.RowIndices[r];
                    int record = RecordOf(run, inputIndex, block, r);
                    if (record < 0)
                    {
                        problems.Add($"{part.Name}: row for {file} row {row} (id {block.Ids[r]}) is not a record of the inputs");
                        continue;
                    }
                    if (seen.Contains(record))
                    {
                        int holding = Holder(record);
                        string other = holding == m.ShardIndex ? "the same part" : new EmbeddingPartNames(partsFolder, new ShardSpec(holding, shardCount)).Stem;
                        problems.AddRecord($"record {file} row {row} (id {block.Ids[r]}) is duplicated: in {part.Stem} and {other}");
                        continue;
                    }
                    Hold(record, m.ShardIndex);
                    if (record < first || record >= first + count)
                        problems.AddRecord($"record {file} row {row} (id {block.Ids[r]}) is in {part.Stem} but belongs to records {first}..{first + count - 1}");
                    else if (record <= previous)
                        problems.AddRecord($"record {file} row {row} (id {block.Ids[r]}) is out of input order in {part.Stem}");
                    previous = Math.Max(previous, record);
                    if (!problems.Any) sink.Add(block, r);
                    rows++;
                }
            }
            if (partRows != m.Rows) problems.Add($"{part.Name} says {m.Rows} rows but its data holds {partRows}");
        }

        // Records no part holds, in runs of consecutive records (missing parts were reported above). Only ranges a part's
        // real rows and dropped list can cover are scanned, so a manifest claiming billions of records costs nothing.
        foreach (var part in parts)
        {
            var (first, count) = new ShardSpec(part.Manifest.ShardIndex, shardCount).RangeOf(total);
            long held = part.Manifest.Rows + part.Manifest.Dropped.Count;
            if (count > held)
            {
                problems.Add($"{part.Name}: its part of the inputs is {count} records, but it holds {part.Manifest.Rows} rows and {part.Manifest.Dropped.Count} dropped records");
                continue;
            }
            for (int record = first; record < first + count; record++)
            {
                if (seen.Contains(record)) continue;
                int end = record;
                while (end < first + count && !seen.Contains(end)) end++;
                problems.AddRecord($"records {Describe(run, record, end)} are missing: no part has them");
                record = end - 1;
            }
        }

        problems.ThrowIfAny();
        sink.Complete();
        return new EmbeddingMergeResult(Path.GetFullPath(outputPath), parts.Count, rows, total, dropped, run);
    }

    /// <summary>Reports the shards no manifest covers, a run of consecutive missing shards in one line.</summary>
    private static void ReportMissingParts(string folder, EmbeddingRunInfo run, int shardCount, List<Part> parts, Problems problems)
    {
        var present = parts.Select(p => p.Manifest.ShardIndex).Order().ToList();
        int next = 0;
        foreach (int shard in present.Append(shardCount))
        {
            if (shard > next)
            {
                var (first, _) = new ShardSpec(next, shardCount).RangeOf(run.RecordCount);
                var (lastFirst, lastCount) = new ShardSpec(shard - 1, shardCount).RangeOf(run.RecordCount);
                string Name(int i) => new EmbeddingPartNames(folder, new ShardSpec(i, shardCount)).Stem + ".json";
                string which = shard - 1 == next ? $"part {next} of {shardCount} ({Name(next)}) is" : $"parts {next}..{shard - 1} of {shardCount} ({Name(next)} to {Name(shard - 1)}) are";
                problems.Add($"{which} missing: records {Describe(run, first, lastFirst + lastCount)} have no embedding");
            }
            next = shard + 1;
        }
    }

    private sealed record Part(string ManifestPath, EmbeddingPartManifest Manifest)
    {
        public string Name => Path.GetFileName(ManifestPath);

        public string Stem => Path.GetFileNameWithoutExtension(ManifestPath);
    }

    private static (EmbeddingRunInfo Run, List<Part> Parts) ReadManifests(string folder)
    {
        string[] paths = EmbeddingPartNames.Manifests(folder);
        if (paths.Length == 0)
            throw new EmbeddingFileException(folder, "holds no finished parts (part-*-of-*.json); run 'dbeta embed --parts' workers first");
        var parts = paths.Select(p => new Part(p, EmbeddingPartManifest.Read(p))).ToList();
        var reference = parts[0];
        var run = reference.Manifest.Run;
        foreach (var part in parts.Skip(1))
        {
            if (part.Manifest.ShardCount != reference.Manifest.ShardCount)
                throw new EmbeddingFileException(part.ManifestPath, $"is part of a run split into {part.Manifest.ShardCount} shards, but {reference.Name} of {reference.Manifest.ShardCount}; keep one run per parts folder");
            if (part.Manifest.Format != reference.Manifest.Format)
                throw new EmbeddingFileException(part.ManifestPath, $"has format '{part.Manifest.Format}' but {reference.Name} '{reference.Manifest.Format}': parts of different DBeta.MLNet versions cannot be merged together; embed the older parts again");
            if (part.Manifest.Run.DifferenceFrom(run) is string difference)
                throw new EmbeddingFileException(part.ManifestPath, $"was written by another run than {reference.Name}: {difference}; all parts must share the model, preprocessing, library version and input list");
        }
        foreach (var part in parts)
        {
            var shard = part.Manifest.Shard(part.ManifestPath);
            string expected = new EmbeddingPartNames(folder, shard).Stem + ".json";
            if (part.Name != expected)
                throw new EmbeddingFileException(part.ManifestPath, $"describes part {shard} but is named {part.Name}, not {expected}");
        }
        return (run, parts);
    }

    private static bool CheckFiles(string folder, Part part, Problems problems)
    {
        bool ok = true;
        if (part.Manifest.Files.Count == 0) { problems.Add($"{part.Name} lists no data files"); return false; }
        foreach (var file in part.Manifest.Files)
        {
            string path = Path.Combine(folder, file.Name);
            if (Path.GetFileName(file.Name) != file.Name) { problems.Add($"{part.Name}: file name '{file.Name}' is not a plain file name"); ok = false; continue; }
            if (!File.Exists(path)) { problems.Add($"{part.Name}: its file {file.Name} is missing"); ok = false; continue; }
            long bytes = new FileInfo(path).Length;
            if (bytes != file.Bytes || EmbeddingRunInfo.Sha256OfFile(path) != file.Sha256)
            {
                problems.Add($"{file.Name} does not match its manifest {part.Name} ({bytes} bytes; the manifest says {file.Bytes} bytes and SHA-256 {file.Sha256[..Math.Min(12, file.Sha256.Length)]}…): it changed after the worker wrote it");
                ok = false;
            }
        }
        return ok;
    }

    /// <summary>The rows of a part, a row group (or 1,024 rows of a .npy part) at a time, each time in <paramref name="block"/>.</summary>
    private static IEnumerable<EmbeddingRowBlock> ReadPart(string folder, EmbeddingPartManifest manifest, EmbeddingRowBlock block)
    {
        if (manifest.PartFormat == "npy")
        {
            string npyPath = Path.Combine(folder, manifest.Files[0].Name);
            string csvPath = Path.Combine(folder, manifest.Files[^1].Name);
            using var npy = NpyReader.Open(npyPath, static (file, what) => new EmbeddingFileException(file, what));
            if (npy.Shape.Count != 2 || npy.Shape[1] != manifest.EmbeddingDim)
                throw new EmbeddingFileException(npyPath, $"has shape [{string.Join(", ", npy.Shape)}], expected [rows, {manifest.EmbeddingDim}]");
            block.Clear();
            var row = new float[manifest.EmbeddingDim];
            long index = 0;
            foreach (var (id, file, rowIndex, record) in EmbeddingIdsCsv.Read(csvPath))
            {
                if (index >= npy.RowCount) throw new EmbeddingFileException(csvPath, $"has more lines than {npyPath} has rows ({npy.RowCount})");
                npy.ReadRows(index++, 1, row);
                if (record >= 0) block.Add(id, file, rowIndex, record, row);
                else block.Add(id, file, rowIndex, row);
                if (block.Count == 1024) { yield return block; block.Clear(); }
            }
            if (index != npy.RowCount) throw new EmbeddingFileException(csvPath, $"has {index} rows but {npyPath} has {npy.RowCount}");
            if (block.Count > 0) yield return block;
            yield break;
        }
        using var reader = EmbeddingParquetReader.Open(Path.Combine(folder, manifest.Files[0].Name));
        if (reader.EmbeddingDim != manifest.EmbeddingDim && reader.RowCount > 0)
            throw new EmbeddingFileException(reader.Path, $"holds embeddings of width {reader.EmbeddingDim}, its manifest says {manifest.EmbeddingDim}");
        for (int g = 0; g < reader.RowGroupCount; g++) yield return reader.ReadRowGroup(g, block);
    }

    /// <summary>
    /// The index in the run's inputs of row <paramref name="r"/> of <paramref name="block"/>, or -1 when it is none. Rows of
    /// parts carry it (a WFDB record's file is its own header, which the inputs do not list); it must be in range and, where
    /// the row names an input file itself (an HDF5 or .npy input), agree with that file and row. Rows of earlier parts, which
    /// name their input and the record's row in it, are mapped through the inputs.
    /// </summary>
    private static int RecordOf(EmbeddingRunInfo run, Dictionary<string, int> inputIndex, EmbeddingRowBlock block, int r)
    {
        string file = block.SourceFiles[r];
        long row = block.RowIndices[r];
        bool namesInput = inputIndex.TryGetValue(file, out int input);
        int mapped = namesInput && row >= 0 && row < run.Inputs[input].RecordCount ? run.Inputs[input].FirstRecord + (int)row : -1;
        if (!block.HasRecords) return mapped;
        int record = block.Records[r];
        if (record < 0 || record >= run.RecordCount || row < 0) return -1;
        return namesInput && mapped != record ? -1 : record;
    }

    /// <summary>The shard whose records <paramref name="record"/> falls in: the last <c>i</c> with <c>floor(i N / n) &lt;= record</c> (<see cref="ShardSpec.RangeOf"/>).</summary>
    private static int OwnerOf(int record, int total, int shardCount) =>
        (int)(((long)(record + 1) * shardCount + total - 1) / total) - 1;

    private static string Describe(EmbeddingRunInfo run, int first, int end)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{first}..{end - 1} ("));
        bool any = false;
        foreach (var input in run.Inputs)
        {
            int from = Math.Max(first, input.FirstRecord), to = Math.Min(end, input.FirstRecord + input.RecordCount);
            if (from >= to) continue;
            if (any) text.Append(", ");
            text.Append(CultureInfo.InvariantCulture, $"{input.Path} rows {from - input.FirstRecord}..{to - 1 - input.FirstRecord}");
            any = true;
        }
        return text.Append(')').ToString();
    }

    private static IMergeSink OpenSink(string outputPath, EmbeddingRunInfo run, EmbeddingMergeOptions options) =>
        Path.GetExtension(outputPath).Equals(".npy", StringComparison.OrdinalIgnoreCase)
            ? new NpySink(outputPath, options.IdsCsvPath, run.EmbeddingDim)
            : new ParquetSink(outputPath, run, options.RowGroupRows);

    private interface IMergeSink : IDisposable
    {
        void Add(EmbeddingRowBlock block, int row);

        void Complete();
    }

    private sealed class ParquetSink(string path, EmbeddingRunInfo run, int rowGroupRows) : IMergeSink
    {
        private readonly PendingFile _file = new(path);
        private EmbeddingParquetWriter? _writer;

        public void Add(EmbeddingRowBlock block, int row)
        {
            _writer ??= new EmbeddingParquetWriter(_file.Stream, run.EmbeddingDim, run.ToMetadata(), rowGroupRows);
            _writer.Add(block.Ids[row], block.SourceFiles[row], block.RowIndices[row], block.Embedding(row));
        }

        public void Complete()
        {
            _writer ??= new EmbeddingParquetWriter(_file.Stream, run.EmbeddingDim, run.ToMetadata(), rowGroupRows);
            _writer.Complete();
            _file.Commit();
        }

        public void Dispose()
        {
            _writer?.Dispose();
            _file.Dispose();
        }
    }

    private sealed class NpySink(string path, string? idsPath, int dim) : IMergeSink
    {
        private readonly NpyStreamWriter _npy = new(path, dim);
        private readonly CsvFileWriter? _ids = idsPath is null ? null : EmbeddingIdsCsv.Create(idsPath);

        public void Add(EmbeddingRowBlock block, int row)
        {
            _npy.WriteRows(block.Embedding(row));
            _ids?.Add(block.Ids[row], block.SourceFiles[row], block.RowIndices[row]);
        }

        public void Complete()
        {
            _ids?.Commit();
            _npy.Complete();
        }

        public void Dispose()
        {
            _ids?.Dispose();
            _npy.Dispose();
        }
    }

    /// <summary>The problems found so far; the merge fails with all of them once the parts are read.</summary>
    private sealed class Problems(string folder, int maxNamed)
    {
        private readonly List<string> _lines = [];
        private int _records, _hidden;

        public bool Any => _lines.Count > 0 || _hidden > 0;

        public void Add(string problem) => _lines.Add(problem);

        public void AddRecord(string problem)
        {
            if (_records++ < maxNamed) _lines.Add(problem);
            else _hidden++;
        }

        public void ThrowIfAny()
        {
            if (!Any) return;
            var text = new StringBuilder($"cannot merge: {_lines.Count + _hidden} problem{(_lines.Count + _hidden == 1 ? "" : "s")}");
            foreach (string line in _lines) text.Append("\n  - ").Append(line);
            if (_hidden > 0) text.Append(CultureInfo.InvariantCulture, $"\n  - and {_hidden} more missing, duplicated or misplaced records");
            throw new EmbeddingFileException(folder, text.ToString());
        }
    }
}
