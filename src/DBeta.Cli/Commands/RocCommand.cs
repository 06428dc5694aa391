using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta roc</c>: per-label AUROC of a scores CSV against a labels CSV, and a ROC plot.</summary>
internal static class RocCommand
{
    public static Command Create()
    {
        var scores = new Option<FileInfo>("--scores") { Description = "Scores CSV: one row per ECG, one column per label, header = label names", Required = true };
        var labels = new Option<FileInfo>("--labels") { Description = "Labels CSV (CODE gold_standard.csv layout): header of label names, one 0/1 row per ECG", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "PNG to write: one ROC curve per label, AUROC in the legend", Required = true };
        var threshold = new Option<double>("--threshold") { Description = "Score at or above which a label counts as predicted, for F1 / sensitivity / specificity", DefaultValueFactory = _ => 0.5 };
        var title = new Option<string?>("--title") { Description = "Plot title (default: ROC per label with the macro AUROC)" };

        var command = new Command("roc", "Per-label AUROC of scores against labels, with a ROC plot")
        {
            scores, labels, output, threshold, title,
        };
        var bootstrap = new BootstrapArguments();
        bootstrap.AddTo(command);
        command.SetAction(parse =>
        {
            var metrics = MultiLabelEvaluator.EvaluateFiles(parse.GetValue(scores)!.FullName, parse.GetValue(labels)!.FullName, parse.GetValue(threshold), bootstrap.Options(parse));
            Console.Write(metrics.ToTable());
            string outPath = parse.GetValue(output)!.FullName;
            RocPlot.Save(metrics, outPath, parse.GetValue(title));
            Console.WriteLine();
            Console.WriteLine($"wrote {outPath}");
            return 0;
        });
        return command;
    }
}
