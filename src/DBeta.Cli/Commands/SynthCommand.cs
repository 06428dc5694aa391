using DBeta.MLNet;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta synth</c>: synthetic labelled 12-lead ECGs as a CODE-layout HDF5 file plus a gold-standard-style CSV.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count") { Description = "Number of records (at least 1)", DefaultValueFactory = _ => 1000 };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--count must be at least 1: an empty data set is of no use to a loader or a probe");
        });
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed gives the same bytes on every machine", DefaultValueFactory = _ => 42 };
        var rate = new Option<int>("--rate") { Description = "Sampling rate in Hz (400: CODE's 4096 samples; otherwise 10 s)", DefaultValueFactory = _ => 400 };
        var samples = new Option<int?>("--samples") { Description = "Samples per lead (default: 4096 at 400 Hz, 10 s otherwise)" };
        var output = new Option<string>("--out") { Description = "HDF5 file to write (datasets tracings [N,T,12] float32, exam_id [N] int64)", Required = true };
        var labels = new Option<string?>("--labels") { Description = "Labels CSV to write (header 1dAVb,RBBB,LBBB,SB,AF,ST); default: the HDF5 path with .csv" };
        var examIdColumn = new Option<bool>("--labels-exam-id") { Description = "Put an exam_id column first in the labels CSV (CODE's gold standard has none)" };
        var prevalence = new Option<string?>("--prevalence") { Description = "Label prevalences on top of the defaults (0.1 each), e.g. AF=0.2,RBBB=0.05 or all=0.15" };
        var noise = new Option<string?>("--noise") { Description = "Noise: a factor on the defaults (0 = clean) or wander=0.1,mains=0.01,hz=60,emg=0.008 (mV)" };

        var command = new Command("synth", "Generate synthetic labelled 12-lead ECGs (CODE-layout HDF5 + labels CSV)")
        {
            count, seed, rate, samples, output, labels, examIdColumn, prevalence, noise,
        };
        command.SetAction(parseResult =>
        {
            string outPath = parseResult.GetValue(output)!;
            string labelsPath = parseResult.GetValue(labels) ?? Path.ChangeExtension(outPath, ".csv");
            SyntheticEcgOptions options;
            try
            {
                options = new SyntheticEcgOptions
                {
                    Count = parseResult.GetValue(count),
                    Seed = parseResult.GetValue(seed),
                    SampleRate = parseResult.GetValue(rate),
                    SampleCount = parseResult.GetValue(samples),
                    Prevalence = parseResult.GetValue(prevalence) is string p ? SyntheticEcgPrevalence.Parse(p) : new(),
                    Noise = parseResult.GetValue(noise) is string n ? SyntheticEcgNoise.Parse(n) : new(),
                };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }

            var generator = new SyntheticEcgGenerator(options);
            var truths = new List<SyntheticEcgLabels>(options.Count);
            long[] examIds = Enumerable.Range(0, options.Count).Select(i => (long)i).ToArray();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            CodeHdf5Writer.Write(outPath, examIds, generator.GenerateAll().Select(ecg =>
            {
                truths.Add(ecg.Labels);
                return ecg.Record;
            }));
            CodeLabelsCsvWriter.Write(labelsPath, truths.Select(t => t.ToCodeOrder()), parseResult.GetValue(examIdColumn) ? examIds : null);
            watch.Stop();

            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote [bold]{options.Count}[/] records ({generator.SampleCount} samples x 12 leads at {options.SampleRate} Hz, seed {options.Seed}) in {watch.Elapsed.TotalSeconds:0.0} s"));
            AnsiConsole.MarkupLine($"  {Markup.Escape(outPath)}");
            AnsiConsole.MarkupLine($"  {Markup.Escape(labelsPath)}");
            AnsiConsole.Write(Summary(truths, options.Prevalence));
            return 0;
        });
        return command;
    }

    private static Table Summary(IReadOnlyList<SyntheticEcgLabels> truths, SyntheticEcgPrevalence prevalence)
    {
        var table = new Table().AddColumns("Label", "Count", "Share", "Requested", "HR bpm", "PR ms", "QRS ms");
        table.Caption("HR, PR and QRS: ground-truth means over the records with the label");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        var requested = prevalence.ToCodeOrder();
        for (int i = 0; i <= CodeLabels.Names.Count; i++)
        {
            bool normal = i == CodeLabels.Names.Count;
            var rows = truths.Where(t => normal ? t.IsNormal : t.ToCodeOrder()[i]).ToList();
            var prs = rows.Where(r => r.PrIntervalMs.HasValue).Select(r => r.PrIntervalMs!.Value).ToList();
            table.AddRow(
                normal ? "normal" : CodeLabels.Names[i],
                rows.Count.ToString(CultureInfo.InvariantCulture),
                truths.Count == 0 ? "-" : (rows.Count / (double)truths.Count).ToString("P1", CultureInfo.InvariantCulture),
                normal ? "-" : requested[i].ToString("P1", CultureInfo.InvariantCulture),
                rows.Count == 0 ? "-" : rows.Average(r => r.HeartRateBpm).ToString("0", CultureInfo.InvariantCulture),
                prs.Count == 0 ? "-" : prs.Average().ToString("0", CultureInfo.InvariantCulture),
                rows.Count == 0 ? "-" : rows.Average(r => r.QrsDurationMs).ToString("0", CultureInfo.InvariantCulture));
        }
        return table;
    }
}
