using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Embeds one shard of an <see cref="EcgInputSet"/> as a batch-job worker: preprocessing and the D-BETA encoder run
/// as an ML.NET pipeline, the rows are checkpointed every few batches, and the finished part is written atomically
/// with a JSON manifest. A worker restarted after a kill or preemption skips a finished part and otherwise continues
/// after the last checkpoint, so no record is lost or written twice. Merge the parts with
/// <see cref="EmbeddingPartsMerger.Merge"/>.
/// </summary>
internal static class EcgShardEmbedder
{
    /// <summary>
    /// Embeds shard <see cref="EcgShardEmbedderOptions.Shard"/> of <paramref name="inputs"/> into
    /// <see cref="EcgShardEmbedderOptions.PartsFolder"/>, resuming from a checkpoint when an earlier worker was stopped.
    /// Cancelling stops after the current batch and checkpoints the rows done, so the next run continues from there.
    /// </summary>
    /// <exception cref="EmbeddingFileException">Another worker holds the shard, or the folder holds work of another model, input list or setting.</exception>
    /// <exception cref="EcgDataException">An input record is bad (NaN/Inf with <see cref="InvalidValueHandling.Reject"/>, unreadable).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the checkpoint is kept).</exception>
    public static EmbeddingPartResult Run(MLContext mlContext, EcgInputSet inputs, EcgShardEmbedderOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.PartsFolder)) throw new ArgumentException("EcgShardEmbedderOptions.PartsFolder is required", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.CheckpointBatches);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Embedding.BatchSize);
        var log = options.Log ?? (_ => { });
        var shard = options.Shard;
        var (first, count) = shard.RangeOf(inputs.Count);
        int end = first + count;
        var names = new EmbeddingPartNames(options.PartsFolder, shard);
        if (!File.Exists(options.Embedding.ModelPath))
            throw new FileNotFoundException($"{options.Embedding.ModelPath}: ONNX model not found (convert a checkpoint with 'dbeta convert' or create a random-weight model)", options.Embedding.ModelPath);
        var preprocessing = EcgTransformsCatalog.DBetaPreprocessing(DBetaColumnNames.Ecg, null, inputs.SampleRate, options.Filter, options.LeadSet);
        var run = new EmbeddingRunInfo
        {
            ModelSha256 = EmbeddingRunInfo.Sha256OfFile(options.Embedding.ModelPath),
            EmbeddingDim = 0,
            Preprocessing = EmbeddingRunInfo.DescribePreprocessing(preprocessing),
            Inputs = inputs.Inputs,
        };

        using var checkpoint = ShardCheckpoint.Acquire(names);
        if (FinishedPart(names, run, first, count) is EmbeddingPartManifest done)
        {
            log($"{names.Stem}: already finished ({done.Rows} rows); nothing to do");
            return Result(shard, names, done, alreadyDone: true, TimeSpan.Zero, "");
        }

        var clock = Stopwatch.StartNew();
        var view = mlContext.Data.LoadEcg(inputs, new EcgLoaderOptions { InvalidValues = options.InvalidValues });
        var pipeline = EcgTransformsCatalog.Chain(preprocessing).Append(mlContext.Transforms.EmbedEcgWithDBeta(options.Embedding));
        using var model = pipeline.Fit(view);
        var embedder = model.LastTransformer;
        run = run with
        {
            EmbeddingDim = embedder.EmbeddingDim,
            CheckpointSha256 = embedder.ModelMetadata.GetValueOrDefault("dbeta.source_sha256"),
        };
        int resume = checkpoint.Load(run, first, end);
        if (resume > first) log($"{names.Stem}: resuming at record {resume - first} of {count} ({checkpoint.Segments.Count} checkpoint segments verified)");
        if (resume < end) EmbedRange(mlContext, inputs, options, model, run, checkpoint, resume, end, cancellationToken);
        clock.Stop();

        var manifest = WritePart(inputs, options, names, checkpoint, run, first, count);
        manifest.EmbedSeconds = clock.Elapsed.TotalSeconds;
        manifest.ResumedAfter = resume - first;
        manifest.Write(names.Manifest);
        checkpoint.DeleteWork();
        return Result(shard, names, manifest, alreadyDone: false, clock.Elapsed, embedder.ExecutionProvider);
    }

    /// <summary>The hidden checkpoint folder <see cref="EmbedToFile"/> keeps beside <paramref name="outputPath"/> until the output is written.</summary>
    public static string CheckpointFolderFor(string outputPath)
    {
        string full = Path.GetFullPath(outputPath);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.dbeta-checkpoint");
    }

    /// <summary>
    /// Embeds all of <paramref name="inputs"/> into one file (<c>.parquet</c>, or <c>.npy</c> with an optional ids CSV),
    /// through a hidden checkpoint folder beside it (<see cref="CheckpointFolderFor"/>): an interrupted run leaves no
    /// output, and the same call again continues where it stopped. The folder is removed once the output is written,
    /// and after a failure when it holds no finished work. <see cref="EcgShardEmbedderOptions.PartsFolder"/> and
    /// <see cref="EcgShardEmbedderOptions.Shard"/> are ignored.
    /// </summary>
    /// <exception cref="EmbeddingFileException">Another run writes the same output, or its checkpoint is from another model or input list.</exception>
    /// <exception cref="EcgDataException">An input record is bad.</exception>
    /// <exception cref="ArgumentException">The output is neither <c>.parquet</c> nor <c>.npy</c>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (the checkpoint is kept).</exception>
    public static EmbeddingMergeResult EmbedToFile(MLContext mlContext, EcgInputSet inputs, EcgShardEmbedderOptions options, string outputPath,
        string? idsCsvPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Path.GetExtension(outputPath).ToLowerInvariant() is not (".parquet" or ".npy"))
            throw new ArgumentException($"{outputPath}: the output must be .parquet or .npy", nameof(outputPath));
        string folder = CheckpointFolderFor(outputPath);
        var single = new EcgShardEmbedderOptions
        {
            Embedding = options.Embedding,
            PartsFolder = folder,
            Shard = ShardSpec.Single,
            CheckpointBatches = options.CheckpointBatches,
            RowGroupRows = options.RowGroupRows,
            InvalidValues = options.InvalidValues,
            Filter = options.Filter,
            LeadSet = options.LeadSet,
            Log = options.Log,
        };
        try
        {
            Run(mlContext, inputs, single, cancellationToken);
            var result = EmbeddingPartsMerger.Merge(folder, outputPath, new EmbeddingMergeOptions { IdsCsvPath = idsCsvPath, RowGroupRows = options.RowGroupRows }, cancellationToken);
            Directory.Delete(folder, recursive: true);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var names = new EmbeddingPartNames(folder, ShardSpec.Single);
            if (Directory.Exists(folder) && names.Segments().Length == 0 && !File.Exists(names.Manifest))
                Directory.Delete(folder, recursive: true);
            else if (Directory.Exists(folder))
                options.Log?.Invoke($"checkpoint kept in {folder}: run the same command again to continue");
            throw;
        }
    }

    private static void EmbedRange(MLContext mlContext, EcgInputSet inputs, EcgShardEmbedderOptions options, ITransformer model,
        EmbeddingRunInfo run, ShardCheckpoint checkpoint, int resume, int end, CancellationToken cancellationToken)
    {
        using var range = inputs.Range(resume, end - resume);
        var view = mlContext.Data.LoadEcg(range, new EcgLoaderOptions { InvalidValues = options.InvalidValues });
        var output = model.Transform(view);
        var idColumn = output.Schema[DBetaColumnNames.Id];
        var embeddingColumn = output.Schema[options.Embedding.OutputColumnName];
        using var cursor = output.GetRowCursor([idColumn, embeddingColumn]);
        var getRowId = cursor.GetIdGetter();
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(idColumn);
        var getEmbedding = cursor.GetGetter<VBuffer<float>>(embeddingColumn);
        DataViewRowId rowId = default;
        ReadOnlyMemory<char> id = default;
        VBuffer<float> embedding = default;
        var dense = new float[run.EmbeddingDim];

        var block = new EmbeddingRowBlock(run.EmbeddingDim);
        var dropped = new List<int>();
        int segmentFirst = resume, next = resume;
        int rowsPerSegment = checked(options.CheckpointBatches * options.Embedding.BatchSize);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!cursor.MoveNext()) break;
                getRowId(ref rowId);
                // Row ids of the ECG view are record indices of the range: they skip the records dropped for NaN/Inf.
                int record = resume + checked((int)rowId.Low);
                for (int skipped = next; skipped < record; skipped++) dropped.Add(skipped);
                getId(ref id);
                getEmbedding(ref embedding);
                embedding.CopyTo(dense);
                // The record's own file and row (a WFDB record's header, row 0); the record index lets the merge check it.
                var (file, row) = inputs.GetLocation(record);
                block.Add(id.ToString(), file, row, record, dense);
                next = record + 1;
                if (block.Count >= rowsPerSegment)
                {
                    checkpoint.Write(block, segmentFirst, next, dropped, run);
                    block.Clear();
                    dropped.Clear();
                    segmentFirst = next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Keep what is done: the next worker continues after these rows.
            if (block.Count > 0) checkpoint.Write(block, segmentFirst, next, dropped, run);
            throw;
        }
        for (int skipped = next; skipped < end; skipped++) dropped.Add(skipped);
        if (block.Count > 0 || dropped.Count > 0) checkpoint.Write(block, segmentFirst, end, dropped, run);
    }

    private static EmbeddingPartManifest WritePart(EcgInputSet inputs, EcgShardEmbedderOptions options, EmbeddingPartNames names,
        ShardCheckpoint checkpoint, EmbeddingRunInfo run, int first, int count)
    {
        var manifest = new EmbeddingPartManifest
        {
            ShardIndex = options.Shard.Index,
            ShardCount = options.Shard.Count,
            FirstRecord = first,
            RecordCount = count,
            PartFormat = options.PartFormat == EmbeddingPartFormat.Npy ? "npy" : "parquet",
        };
        manifest.SetRun(run);
        foreach (var segment in checkpoint.Segments)
            foreach (int record in segment.Dropped)
                manifest.Dropped.Add(new EmbeddingPartManifest.DroppedRecord(record, inputs.GetId(record)));

        EmbeddingPartWriter.WriteFiles(names, manifest, run, options.RowGroupRows, ReadSegments(checkpoint));
        return manifest;
    }

    private static IEnumerable<EmbeddingRowBlock> ReadSegments(ShardCheckpoint checkpoint)
    {
        foreach (var segment in checkpoint.Segments)
        {
            using var reader = EmbeddingParquetReader.Open(segment.Path);
            for (int g = 0; g < reader.RowGroupCount; g++) yield return reader.ReadRowGroup(g);
        }
    }

    /// <summary>The manifest of a finished part of this run, or null when the part is not finished (or its files are gone).</summary>
    private static EmbeddingPartManifest? FinishedPart(EmbeddingPartNames names, EmbeddingRunInfo run, int first, int count)
    {
        if (!File.Exists(names.Manifest)) return null;
        var manifest = EmbeddingPartManifest.Read(names.Manifest);
        if (manifest.Format != EmbeddingPartManifest.FormatName)
            throw new EmbeddingFileException(names.Manifest, $"{names.Stem} was written by an earlier DBeta.MLNet (format '{manifest.Format}'); merge its run with that version, or delete the part to embed it again");
        // The embedding width and checkpoint hash follow from the model file, whose hash is compared.
        if (manifest.Run.DifferenceFrom(run with { EmbeddingDim = manifest.EmbeddingDim, CheckpointSha256 = manifest.CheckpointSha256 }) is string difference)
            throw new EmbeddingFileException(names.Manifest, $"{names.Stem} was embedded by another run ({difference}); use another parts folder, or delete the part to embed it again");
        if (manifest.FirstRecord != first || manifest.RecordCount != count)
            throw new EmbeddingFileException(names.Manifest, $"covers records {manifest.FirstRecord}..{manifest.FirstRecord + manifest.RecordCount - 1}, but shard {names.Stem} is {first}..{first + count - 1}");
        foreach (var file in manifest.Files)
        {
            var info = new FileInfo(Path.Combine(names.Folder, file.Name));
            if (!info.Exists || info.Length != file.Bytes) return null;
        }
        return manifest;
    }

    private static EmbeddingPartResult Result(ShardSpec shard, EmbeddingPartNames names, EmbeddingPartManifest manifest, bool alreadyDone, TimeSpan time, string provider) =>
        new(shard, names.Manifest, [.. manifest.Files.Select(f => Path.Combine(names.Folder, f.Name))], manifest.FirstRecord, manifest.RecordCount,
            manifest.Rows, [.. manifest.Dropped.Select(d => d.Id)], manifest.ResumedAfter, alreadyDone, time, provider);
}
