using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta plot</c>: one record as a standard 12-lead printout (3 x 4 grid and a lead II rhythm strip), PNG.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments();
        var index = new Option<int>("--index") { Description = "Row of the record to plot (0-based)", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Output PNG", Required = true };
        var command = new Command("plot", "Plot one ECG as a 12-lead printout (25 mm/s, 10 mm/mV) to a PNG");
        input.AddTo(command);
        command.Options.Add(index);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            using var source = input.OpenSource(parse);
            int row = parse.GetValue(index);
            if (row < 0 || row >= source.Count)
                throw new EcgDataException(source.Path, $"--index {row} is out of range: the file holds {source.Count} records (0 to {source.Count - 1})");
            var record = source.Read(row);
            string path = parse.GetValue(output)!;
            EcgPlot.Save(record, path, new EcgPlotOptions { Subtitle = $"{Path.GetFileName(source.Path)}, row {row}, {record.SampleRate:0.###} Hz" });
            Console.WriteLine($"wrote {path}: record {record.Id} ({record.DurationSeconds:0.##} s)");
            return 0;
        });
        return command;
    }
}
