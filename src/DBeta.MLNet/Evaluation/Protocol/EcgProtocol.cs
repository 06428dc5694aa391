using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet;

/// <summary>
/// Runs <see cref="EcgProtocolOptions"/>: opens the dataset, splits it, embeds it once (or reads the cache), trains
/// each head at each fraction and seed on the train part, chooses the L-BFGS L2 weight and every label's threshold on
/// the validation part, scores zero-shot, and measures everything on the test part with bootstrap intervals.
/// </summary>
internal static class EcgProtocol
{
    public static EcgProtocolResult Run(MLContext ml, EcgProtocolOptions options)
    {
        Validate(options);
        var log = options.Log ?? (_ => { });
        var total = Stopwatch.StartNew();
        var stages = new Dictionary<string, double>();
        var provenance = new Dictionary<string, string>();

        var format = options.Format == EcgFormat.Auto ? EcgDatasets.Detect(options.DatasetPath) : options.Format;
        var dataset = EcgDatasets.Open(options.DatasetPath, format, options.LabelSet);
        var (parts, splitSource) = ProtocolSplit.Assign(dataset, options);
        string datasetName = $"{format} {EcgDatasets.LabelSetName(format, options.LabelSet)}, {dataset.Ids.Count} records: {options.DatasetPath}";
        log($"{datasetName}; split: {splitSource}");

        var names = dataset.Labels.Names;
        int n = dataset.Ids.Count;
        var labels = dataset.Labels.Columns();
        int[] Rows(EcgSplitPart part) => [.. Enumerable.Range(0, n).Where(r => parts[r] == part)];
        var split = new SplitRows(Rows(EcgSplitPart.Train), Rows(EcgSplitPart.Validation), Rows(EcgSplitPart.Test));
        if (split.Train.Length == 0 || split.Validation.Length == 0 || split.Test.Length == 0)
            throw new EcgDataException(options.DatasetPath, $"the split ({splitSource}) leaves a part empty: train {split.Train.Length}, validation {split.Validation.Length}, test {split.Test.Length} records");

        var (kept, leftOut) = Eligible(names, labels, split, options.MinimumTestPositives);
        if (kept.Count == 0)
            throw new EcgDataException(options.DatasetPath,
                $"no label can be evaluated: each needs both classes in the {split.Train.Length} training records and at least {options.MinimumTestPositives} positive(s) in the {split.Test.Length} test records ({string.Join("; ", leftOut.Take(6))}{(leftOut.Count > 6 ? "; ..." : "")}); lower MinimumTestPositives (--min-test-positives) or give the test part more records");
        // Labels and split are checked before the (long) embedding, so a protocol that cannot run stops at once.
        var clock = Stopwatch.StartNew();
        var (embeddings, dimension) = Embed(ml, dataset, format, options, provenance, log);
        stages["embedding"] = clock.Elapsed.TotalSeconds;
        var keptLabels = kept.Select(k => labels[k]).ToArray();
        var keptNames = kept.Select(k => names[k]).ToArray();
        var evaluation = new Evaluation(split, options.Bootstrap);

        var rows = new List<EcgProtocolRow>();
        if (options.TextModelPath is not null)
        {
            clock.Restart();
            var zeroShot = ZeroShot(dataset, options, keptNames, keptLabels, embeddings, dimension, evaluation, provenance, log, leftOut);
            if (zeroShot is not null) rows.Add(zeroShot);
            stages["zero_shot"] = clock.Elapsed.TotalSeconds - evaluation.BootstrapSeconds;
        }

        clock.Restart();
        double bootstrapBefore = evaluation.BootstrapSeconds;
        var probes = new ProbeRuns(ml, embeddings, dimension, keptNames, keptLabels, split, options, evaluation, log);
        foreach (var head in options.Heads)
            foreach (double fraction in options.LabelFractions)
                rows.Add(probes.Run(head, fraction));
        stages["probes"] = clock.Elapsed.TotalSeconds - (evaluation.BootstrapSeconds - bootstrapBefore);
        stages["bootstrap"] = evaluation.BootstrapSeconds;
        stages["total"] = total.Elapsed.TotalSeconds;

        provenance["dbeta_mlnet"] = VersionOf(typeof(EcgProtocol).Assembly);
        provenance["ml_net"] = VersionOf(typeof(MLContext).Assembly);
        provenance["onnx_runtime"] = VersionOf(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly);
        provenance["dotnet"] = Environment.Version.ToString();
        provenance["machine"] = $"{Environment.ProcessorCount} logical processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
        return new EcgProtocolResult(options, format, datasetName, dataset.Ids, parts, splitSource, keptNames, leftOut, rows, provenance, stages);
    }

    /// <summary>The rows of each part, ascending.</summary>
    internal sealed record SplitRows(int[] Train, int[] Validation, int[] Test);

    private static void Validate(EcgProtocolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DatasetPath)) throw new ArgumentException("EcgProtocolOptions.DatasetPath is required", nameof(options));
        if (string.IsNullOrWhiteSpace(options.EcgModelPath)) throw new ArgumentException("EcgProtocolOptions.EcgModelPath is required", nameof(options));
        if (!File.Exists(options.EcgModelPath)) throw new FileNotFoundException($"{options.EcgModelPath}: ECG model not found", options.EcgModelPath);
        if ((options.TextModelPath is null) != (options.TokenizerPath is null))
            throw new ArgumentException("zero-shot needs both TextModelPath and TokenizerPath", nameof(options));
        foreach (string? path in new[] { options.TextModelPath, options.TokenizerPath, options.PromptsPath, options.SplitPath })
            if (path is not null && !File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        if (options.LabelFractions is null || options.LabelFractions.Any(f => !(f > 0 && f <= 1)))
            throw new ArgumentOutOfRangeException(nameof(options), "every label fraction must be in (0, 1], e.g. 0.01, 0.1, 1");
        ArgumentNullException.ThrowIfNull(options.Heads, "EcgProtocolOptions.Heads");
        // A tree head without the DBeta.MLNet.Trees package fails here, not after the embedding.
        foreach (var head in options.Heads.Where(TreeProbeTrainers.IsTreeHead)) TreeProbeTrainers.Require(head);
        if (options.Heads.Count == 0 && options.TextModelPath is null)
            throw new ArgumentException("nothing to evaluate: no probe head and no text model for zero-shot", nameof(options));
        if (options.Seeds < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Seeds, "Seeds (--seeds) must be at least 1");
        if (options.L2Grid is null || options.L2Grid.Count == 0 || options.L2Grid.Any(v => !(v > 0) || !float.IsFinite(v)))
            throw new ArgumentOutOfRangeException(nameof(options), "the L2 grid needs at least one positive, finite weight");
        if (options.MinimumTestPositives < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.MinimumTestPositives, "MinimumTestPositives (--min-test-positives) must be at least 1");
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, "EcgProtocolOptions.BatchSize");
        ArgumentNullException.ThrowIfNull(options.Bootstrap, "EcgProtocolOptions.Bootstrap");
        if (options.Bootstrap.Resamples < 2)
            throw new ArgumentOutOfRangeException(nameof(options), options.Bootstrap.Resamples, "the bootstrap (--bootstrap) needs at least 2 resamples; 1000 is usual");
        options.Bootstrap.Validate();
    }

    /// <summary>The labels every method can be measured on, and the others with the reason.</summary>
    private static (List<int> Kept, List<string> LeftOut) Eligible(IReadOnlyList<string> names, bool[][] labels, SplitRows split, int minimumTestPositives)
    {
        var kept = new List<int>();
        var leftOut = new List<string>();
        for (int k = 0; k < names.Count; k++)
        {
            int trainPositives = split.Train.Count(r => labels[k][r]), testPositives = split.Test.Count(r => labels[k][r]);
            string? reason = trainPositives == 0 ? "no positive in train"
                : trainPositives == split.Train.Length ? "no negative in train"
                : testPositives == 0 ? "no positive in test"
                : testPositives < minimumTestPositives ? $"{testPositives} positive(s) in test, fewer than {minimumTestPositives}"
                : testPositives == split.Test.Length ? "no negative in test"
                : null;
            if (reason is null) kept.Add(k); else leftOut.Add($"{names[k]}: {reason}");
        }
        return (kept, leftOut);
    }

    private static (float[] Values, int Dimension) Embed(MLContext ml, IEcgDataset dataset, EcgFormat format, EcgProtocolOptions options,
        Dictionary<string, string> provenance, Action<string> log)
    {
        var view = EcgDataView.OverFile(dataset.OpenSource, new EcgLoaderOptions());
        var steps = EcgTransformsCatalog.DBetaPreprocessing(DBetaColumnNames.Ecg, null, view.SampleRate, options.Filter, options.LeadSet);
        string preprocessing = EmbeddingRunInfo.DescribePreprocessing(steps);
        string modelSha = EmbeddingRunInfo.Sha256OfFile(options.EcgModelPath);
        provenance["ecg_model_sha256"] = modelSha;
        provenance["preprocessing"] = preprocessing;
        var cache = new EmbeddingCache(options.CacheFolder ?? EmbeddingCache.DefaultFolder());
        KeyValuePair<string, string>[] key =
        [
            new("kind", "ecg-embeddings"),
            new("ecg_model_sha256", modelSha),
            new("preprocessing", preprocessing),
            new("format", format.ToString()),
            new("dataset", Path.GetFullPath(options.DatasetPath)),
            new("files", EmbeddingCache.FilesFingerprint(options.DatasetPath)),
            new("ids_sha256", EmbeddingCache.IdsFingerprint(dataset.Ids)),
        ];
        string cacheKey = EmbeddingCache.KeyOf(key);
        provenance["embeddings_cache_key"] = cacheKey;
        if (cache.TryLoad(cacheKey, dataset.Ids, out int cachedDimension) is { } cached)
        {
            provenance["embeddings_from_cache"] = "true";
            log($"embeddings of {dataset.Ids.Count} ECGs read from the cache ({cache.Folder})");
            return (cached, cachedDimension);
        }

        provenance["embeddings_from_cache"] = "false";
        log($"embedding {dataset.Ids.Count} ECGs with {options.EcgModelPath} ...");
        var pipeline = EcgTransformsCatalog.Chain(steps)
            .Append(ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions { ModelPath = options.EcgModelPath, BatchSize = options.BatchSize }));
        var embedded = pipeline.Fit(view).Transform(view);
        var ids = new List<string>(dataset.Ids.Count);
        float[] values = [];
        int dimension = 0;
        using (var cursor = embedded.GetRowCursor([embedded.Schema[DBetaColumnNames.Id], embedded.Schema[DBetaColumnNames.Embedding]]))
        {
            var getId = cursor.GetGetter<ReadOnlyMemory<char>>(embedded.Schema[DBetaColumnNames.Id]);
            var getEmbedding = cursor.GetGetter<VBuffer<float>>(embedded.Schema[DBetaColumnNames.Embedding]);
            ReadOnlyMemory<char> id = default;
            VBuffer<float> embedding = default;
            while (cursor.MoveNext())
            {
                getId(ref id);
                getEmbedding(ref embedding);
                if (ids.Count == 0) values = new float[dataset.Ids.Count * (dimension = embedding.Length)];
                if (ids.Count < dataset.Ids.Count) embedding.CopyTo(values, ids.Count * dimension);
                ids.Add(id.ToString());
            }
        }
        if (!ids.SequenceEqual(dataset.Ids, StringComparer.Ordinal))
            throw new EcgDataException(options.DatasetPath, $"embedded {ids.Count} records but the dataset lists {dataset.Ids.Count}; a record could not be read");
        cache.Store(cacheKey, key, dataset.Ids, values, dimension);
        return (values, dimension);
    }

    private static EcgProtocolRow? ZeroShot(IEcgDataset dataset, EcgProtocolOptions options, string[] names, bool[][] labels,
        float[] embeddings, int dimension, Evaluation evaluation, Dictionary<string, string> provenance, Action<string> log, List<string> leftOut)
    {
        var all = options.PromptsPath is { } path ? PromptSet.Load(path) : EcgLabelPrompts.For(dataset);
        var worded = Enumerable.Range(0, names.Length).Where(j => all.IndexOf(names[j]) >= 0).ToArray();
        foreach (int j in Enumerable.Range(0, names.Length).Except(worded)) leftOut.Add($"{names[j]}: no zero-shot prompt (zero-shot row only)");
        if (worded.Length == 0) { log("zero-shot: no label has a prompt; skipped"); return null; }
        var prompts = new PromptSet(worded.Select(j => KeyValuePair.Create(names[j], all[names[j]])));
        var promptVectors = PromptVectors(prompts, options, provenance, log);
        if (promptVectors.Dimension != dimension)
            throw new ModelFormatException(options.TextModelPath!, $"gives {promptVectors.Dimension}-d prompt embeddings but the ECG model gives {dimension}-d ones");

        var scores = new double[worded.Length][];
        for (int p = 0; p < worded.Length; p++)
        {
            var prompt = promptVectors.Values.AsSpan(p * dimension, dimension);
            scores[p] = new double[embeddings.Length / dimension];
            for (int r = 0; r < scores[p].Length; r++)
            {
                var row = embeddings.AsSpan(r * dimension, dimension);
                double dot = 0;
                for (int i = 0; i < dimension; i++) dot += (double)row[i] * prompt[i];
                scores[p][r] = dot;
            }
        }
        var metrics = evaluation.Measure([.. worded.Select(j => names[j])], [.. worded.Select(j => labels[j])], scores, fallbackThreshold: null);
        return new EcgProtocolRow("Zero-shot", null, null, [metrics], metrics.MacroAurocInterval, [], []);
    }

    private sealed record PromptVectorSet(float[] Values, int Dimension);

    private static PromptVectorSet PromptVectors(PromptSet prompts, EcgProtocolOptions options, Dictionary<string, string> provenance, Action<string> log)
    {
        string textSha = EmbeddingRunInfo.Sha256OfFile(options.TextModelPath!), tokenizerSha = EmbeddingRunInfo.Sha256OfFile(options.TokenizerPath!);
        provenance["text_model_sha256"] = textSha;
        provenance["tokenizer_sha256"] = tokenizerSha;
        KeyValuePair<string, string>[] key =
        [
            new("kind", "prompt-embeddings"),
            new("text_model_sha256", textSha),
            new("tokenizer_sha256", tokenizerSha),
            new("prompts", JsonSerializer.Serialize(prompts.Labels.Zip(prompts.Descriptions, (l, d) => new[] { l, d }))),
        ];
        string cacheKey = EmbeddingCache.KeyOf(key);
        var cache = new EmbeddingCache(options.CacheFolder ?? EmbeddingCache.DefaultFolder());
        if (cache.TryLoad(cacheKey, prompts.Labels, out int dimension) is { } cached)
        {
            provenance["prompts_from_cache"] = "true";
            return new PromptVectorSet(cached, dimension);
        }
        provenance["prompts_from_cache"] = "false";
        log($"embedding {prompts.Count} prompt(s) with {options.TextModelPath} ...");
        var computed = PromptEmbeddings.Compute(prompts, options.TextModelPath!, options.TokenizerPath!);
        var values = computed.ToArray();
        cache.Store(cacheKey, key, prompts.Labels, values, computed.Dimension);
        return new PromptVectorSet(values, computed.Dimension);
    }

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
            ?? assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Measures scores of the labels on the test rows: a threshold per label chosen on the validation rows (the one
    /// with the highest F1, ties to the higher threshold), AUROC and its bootstrap interval; keeps the bootstrap's time.
    /// </summary>
    internal sealed class Evaluation(SplitRows split, AurocBootstrapOptions bootstrap)
    {
        public double BootstrapSeconds { get; private set; }

        /// <summary>
        /// Metrics of one seed's scores (<c>scores[label][record]</c> over every record). Where validation holds no positive
        /// of a label its threshold is <paramref name="fallbackThreshold"/> (a probe's 0.5), or, when null, the median validation score.
        /// </summary>
        public MultiLabelMetrics Measure(string[] names, bool[][] labels, double[][] scores, double? fallbackThreshold)
        {
            var perLabel = new LabelMetrics[names.Length];
            var testLabels = new bool[names.Length][];
            var testScores = new double[names.Length][];
            for (int j = 0; j < names.Length; j++)
            {
                var validationLabels = split.Validation.Select(r => labels[j][r]).ToArray();
                var validationScores = split.Validation.Select(r => scores[j][r]).ToArray();
                double threshold = ThresholdChoice.BestF1(validationLabels, validationScores)
                    ?? fallbackThreshold ?? SampleMedian.Of(validationScores);
                testLabels[j] = [.. split.Test.Select(r => labels[j][r])];
                testScores[j] = [.. split.Test.Select(r => scores[j][r])];
                perLabel[j] = LabelMetrics.Compute(names[j], testLabels[j], testScores[j], threshold);
            }
            var clock = Stopwatch.StartNew();
            var (intervals, macro) = AurocBootstrap.Compute(testLabels, testScores, bootstrap);
            BootstrapSeconds += clock.Elapsed.TotalSeconds;
            return new MultiLabelMetrics(perLabel).WithIntervals(intervals, macro);
        }

        /// <summary>The bootstrap interval of the mean over seeds of the macro AUROC: each resample scores every seed.</summary>
        public AurocInterval? SeedMeanInterval(string[] names, bool[][] labels, IReadOnlyList<double[][]> scoresPerSeed)
        {
            var pseudoLabels = new List<bool[]>();
            var pseudoScores = new List<double[]>();
            foreach (var scores in scoresPerSeed)
                for (int j = 0; j < names.Length; j++)
                {
                    pseudoLabels.Add([.. split.Test.Select(r => labels[j][r])]);
                    pseudoScores.Add([.. split.Test.Select(r => scores[j][r])]);
                }
            var clock = Stopwatch.StartNew();
            var (_, macro) = AurocBootstrap.Compute(pseudoLabels, pseudoScores, bootstrap);
            BootstrapSeconds += clock.Elapsed.TotalSeconds;
            return macro;
        }
    }
}
