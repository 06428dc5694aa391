using DBeta.MLNet;
using Spectre.Console;

namespace DBeta.Cli.Commands;

/// <summary>A Spectre.Console progress bar with rate and ETA, fed by the library's <see cref="EmbeddingProgress"/> reports.</summary>
internal static class EmbeddingProgressBar
{
    /// <summary>Runs <paramref name="work"/>, which receives the progress sink to hand to the embedding options.</summary>
    public static T Run<T>(string what, long? total, Func<IProgress<EmbeddingProgress>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(what, maxValue: total ?? 1);
                var sink = new Sink(report =>
                {
                    task.Value = total is null ? 0 : report.RowsDone;
                    task.Description = $"{what} {report.RowsDone}{(total is null ? "" : $"/{total}")} ({report.RowsPerSecond:F1}/s)";
                });
                result = work(sink);
                task.Value = task.MaxValue;
            });
        return result;
    }

    // Progress<T> would post to the thread pool; the bar is updated inline so the last report is never lost.
    private sealed class Sink(Action<EmbeddingProgress> report) : IProgress<EmbeddingProgress>
    {
        public void Report(EmbeddingProgress value) => report(value);
    }
}
