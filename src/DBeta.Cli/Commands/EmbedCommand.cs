using DBeta.MLNet;
using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta embed</c>: ECG files -> preprocessing -> D-BETA ECG encoder -> one output file (<c>--out</c>, .npy or
/// .parquet) or, as a batch-job worker, one shard's part in a parts folder (<c>--parts</c>, with <c>--shard i/n</c> or
/// the Kubernetes / Slurm environment). Both checkpoint as they go and continue after an interruption.
/// </summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments(fitByDefault: true);
        var steps = new EcgPreprocessingArguments();
        var inputs = new Option<string[]>("--input")
        {
            Description = "ECG files or folders, or globs in the file name (data/exams_part*.h5): CODE-layout HDF5, WFDB records or folders, .npy; "
                + "repeat or list several; they are sorted by path and read as one input",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var model = new Option<string>("--model") { Description = "The ECG encoder: dbeta-ecg.onnx from 'dbeta convert'", Required = true };
        var output = new Option<string?>("--out") { Description = "Output file, .npy ([N, D] float32) or .parquet (id, source_file, row_index, embedding), in input order" };
        var ids = new Option<string?>("--ids") { Description = "With a .npy --out: also write Id,SourceFile,RowIndex per row to this CSV" };
        var parts = new Option<string?>("--parts") { Description = "Batch-job worker: write this worker's shard as a part in this folder (merge them with 'dbeta merge')" };
        var shard = new Option<string?>("--shard")
        {
            Description = $"With --parts: the shard 'i/n' to embed (0-based). Default: from {ShardSpec.KubernetesIndexVariable} (Kubernetes Indexed Job) "
                + $"with {ShardSpec.ShardCountVariable} or --shard-count, or {ShardSpec.SlurmTaskIdVariable} (Slurm array); else everything",
        };
        var shardCount = new Option<int?>("--shard-count") { Description = $"With --parts under Kubernetes: the number of shards (the Job's completions); default ${ShardSpec.ShardCountVariable}" };
        var partFormat = new Option<EmbeddingPartFormat>("--part-format") { Description = "With --parts: Parquet, or Npy (.npy plus .ids.csv)", DefaultValueFactory = _ => EmbeddingPartFormat.Parquet };
        var checkpointEvery = new Option<int>("--checkpoint-every")
        {
            Description = "Batches between checkpoints; an interrupted run continues after the last one",
            DefaultValueFactory = _ => EcgShardEmbedderOptions.DefaultCheckpointBatches,
        };
        var batch = new Option<int>("--batch-size") { Description = "ECGs per ONNX Runtime call", DefaultValueFactory = _ => new EcgEmbeddingOptions().BatchSize };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (default 0: the processors this process may use)" };
        var gpu = new Option<int?>("--gpu") { Description = "CUDA device id (needs the GPU build, -p:DBetaGpu=true); falls back to the CPU with a note" };
        var command = new Command("embed", "Embed ECGs with the D-BETA encoder (resample to 500 Hz x 5000, run the ONNX model) into one file, or one shard of a batch job");
        command.Options.Add(inputs);
        input.AddSettingsTo(command);
        steps.AddTo(command);
        foreach (var option in new Option[] { model, output, ids, parts, shard, shardCount, partFormat, checkpointEvery, batch, threads, gpu }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            bool hasOut = result.GetValue(output) is not null, hasParts = result.GetValue(parts) is not null;
            if (hasOut == hasParts) result.AddError("give either --out FILE (one output) or --parts DIR (a batch-job worker's shard), not both or neither");
            if (!hasParts && (result.GetValue(shard) is not null || result.GetValue(shardCount) is not null))
                result.AddError("--shard and --shard-count need --parts DIR");
            if (hasParts && result.GetValue(ids) is not null) result.AddError("--ids goes with --out; parts carry their ids");
            if (result.GetValue(output) is string path && Path.GetExtension(path).ToLowerInvariant() is not (".npy" or ".parquet"))
                result.AddError($"--out {path}: the output must be .npy or .parquet");
        });
        command.SetAction((parse, interrupted) =>
        {
            // Program's SignalInterrupt cancels this token on the first SIGTERM (Kubernetes eviction, Slurm preemption) or Ctrl+C, so the rows done are checkpointed.
            var cancellationToken = interrupted;
            var ml = new MLContext();
            var format = parse.GetValue(input.Format);
            using var set = EcgInputSet.Open(parse.GetValue(inputs)!, format, (path, actual) => input.LoaderOptions(parse, path, actual));
            foreach (var item in set.Inputs)
                input.CheckRate(parse, item.Path, format == EcgFormat.Auto ? EcgSources.DetectFormat(item.Path) : format, set.SampleRate);
            Console.WriteLine($"{set.Path}: {set.Count} records at {set.SampleRate:0.###} Hz{(set.Inputs.Count > 1 ? $" in {set.Inputs.Count} inputs" : "")}");
            if (set.Skipped.Count > 0)
                Console.WriteLine($"skipped {set.Skipped.Count} records shorter than one window: {string.Join("; ", set.Skipped.Take(5))}{(set.Skipped.Count > 5 ? "; ..." : "")}");
            steps.CheckLength(parse, set.Path, set.SampleRate, set.SampleCount);
            if (steps.Describe(parse, set.SampleRate) is { } described) Console.WriteLine(described);

            var embedding = new EcgEmbeddingOptions
            {
                ModelPath = parse.GetValue(model)!,
                BatchSize = parse.GetValue(batch),
                IntraOpThreads = parse.GetValue(threads),
                GpuDeviceId = parse.GetValue(gpu),
            };
            string? partsFolder = parse.GetValue(parts);
            var spec = partsFolder is null ? ShardSpec.Single
                : parse.GetValue(shard) is string text ? ShardSpec.Parse(text)
                : ShardSpec.FromEnvironment(count: parse.GetValue(shardCount)) ?? ShardSpec.Single;
            var options = new EcgShardEmbedderOptions
            {
                Embedding = embedding,
                PartsFolder = partsFolder ?? "",
                Shard = spec,
                PartFormat = parse.GetValue(partFormat),
                CheckpointBatches = parse.GetValue(checkpointEvery),
                InvalidValues = parse.GetValue(input.DropInvalid) ? InvalidValueHandling.Drop : InvalidValueHandling.Reject,
                Filter = steps.FilterOptions(parse),
                LeadSet = steps.LeadSet(parse),
                Log = Console.WriteLine,
            };
            var (first, count) = spec.RangeOf(set.Count);
            if (partsFolder is not null)
                Console.WriteLine($"shard {spec} ({spec.Origin}): records {first}..{first + count - 1} of {set.Count}");

            IReadOnlyList<string> dropped;
            if (partsFolder is null)
            {
                string outPath = parse.GetValue(output)!;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var merged = EmbeddingProgressBar.Run("embedding", count, progress =>
                    EcgShardEmbedder.EmbedToFile(ml, set, WithProgress(options, progress), outPath, parse.GetValue(ids), cancellationToken));
                double seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"model {embedding.ModelPath}: embedding {merged.Run.EmbeddingDim}, model SHA-256 {merged.Run.ModelSha256[..12]}…");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {outPath}: [{merged.Rows}, {merged.Run.EmbeddingDim}] float32 in {seconds:F1} s ({merged.Rows / Math.Max(seconds, 1e-9):F2} ECG/s, model load included)"));
                dropped = merged.DroppedIds;
            }
            else
            {
                var part = EmbeddingProgressBar.Run($"shard {spec}", count, progress =>
                    EcgShardEmbedder.Run(ml, set, WithProgress(options, progress), cancellationToken));
                if (!part.AlreadyDone)
                {
                    int embedded = part.RecordCount - part.ResumedAfter;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"wrote {string.Join(", ", part.PartFiles.Select(Path.GetFileName))}: {part.Rows} rows; {embedded} records embedded here in {part.EmbedTime.TotalSeconds:F1} s ({embedded / Math.Max(part.EmbedTime.TotalSeconds, 1e-9):F2} ECG/s) on {part.ExecutionProvider}"));
                }
                dropped = part.DroppedIds;
            }
            if (dropped.Count > 0)
                Console.WriteLine($"dropped {dropped.Count} records with NaN/Inf values: {string.Join(", ", dropped.Take(10))}{(dropped.Count > 10 ? ", ..." : "")}");
            return Task.FromResult(0);
        });
        return command;
    }

    private static EcgShardEmbedderOptions WithProgress(EcgShardEmbedderOptions options, IProgress<EmbeddingProgress> progress)
    {
        options.Embedding.Progress = progress;
        return options;
    }
}
