using DBeta.MLNet;
using Microsoft.ML;
using Spectre.Console;

namespace DBeta.Samples;

/// <summary>Embeds ECG sets once, with a progress bar, and keeps the embeddings in memory for the heads.</summary>
internal static class SampleEmbedding
{
    /// <summary>
    /// Fits D-BETA preprocessing and the encoder on <paramref name="sets"/>[0] and embeds every set once, keeping
    /// <paramref name="keep"/> columns (plus <c>Embedding</c>) cached in memory. The two fitted steps come back apart:
    /// only the encoder (and what follows it) can be saved in an ML.NET model zip.
    /// </summary>
    public static (ITransformer Preprocessing, EcgEmbeddingTransformer Embedder, IDataView[] Embedded) EmbedAll(MLContext ml,
        string modelPath, double sampleRate, IReadOnlyList<string> keep, params IDataView[] sets)
    {
        long total = sets.Sum(s => s.GetRowCount() ?? 0);
        ITransformer preprocessing = null!;
        EcgEmbeddingTransformer embedder = null!;
        var embedded = new IDataView[sets.Length];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("embedding", maxValue: Math.Max(total, 1));
                long done = 0;
                var progress = new Sink(report =>
                {
                    task.Value = done + report.RowsDone;
                    task.Description = $"embedding ({report.RowsPerSecond:F1} ECG/s)";
                });
                preprocessing = ml.Transforms.PrepareEcgForDBeta(sampleRate).Fit(sets[0]);
                embedder = ml.Transforms.EmbedEcgWithDBeta(new EcgEmbeddingOptions { ModelPath = modelPath, Progress = progress })
                    .Fit(preprocessing.Transform(sets[0]));
                for (int i = 0; i < sets.Length; i++)
                {
                    embedded[i] = Once(ml, embedder.Transform(preprocessing.Transform(sets[i])), ["Embedding", .. keep]);
                    done += embedded[i].GetRowCount() ?? 0;
                }
                task.Value = task.MaxValue;
            });
        return (preprocessing, embedder, embedded);
    }

    // The heads read their training data many times: embed each row once and keep the result in memory.
    private static IDataView Once(MLContext ml, IDataView embedded, string[] columns)
    {
        var cached = ml.Data.Cache(embedded, columns);
        using var cursor = cached.GetRowCursor(cached.Schema.Where(c => columns.Contains(c.Name)));
        while (cursor.MoveNext()) { }
        return cached;
    }

    private sealed class Sink(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }
}
