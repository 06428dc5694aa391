using System.CommandLine;
using DBeta.MLNet;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta preprocess</c>: writes exactly the <c>[N, 12, 5000]</c> float32 array the encoder sees.</summary>
internal static class PreprocessCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments(fitByDefault: true);
        var steps = new EcgPreprocessingArguments();
        var output = new Option<string>("--out") { Description = "Output .npy: [N, 12, 5000] float32, 500 Hz, mV", Required = true };
        var ids = new Option<string?>("--ids") { Description = "Also write Id,SourceFile,RowIndex per row to this CSV (the format of 'dbeta embed --ids')" };
        var command = new Command("preprocess", "Resample to 500 Hz and fit to 5000 samples, as D-BETA's encoder expects; write a .npy");
        input.AddTo(command);
        steps.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(ids);
        command.SetAction((parse, cancellationToken) =>
        {
            var ml = new MLContext();
            string? idsPath = parse.GetValue(ids);
            // With --ids, each row's own file and row in it (a WFDB record's header, row 0), as 'dbeta embed --ids' writes them.
            var view = input.Load(ml, parse, sourceColumns: idsPath is not null);
            steps.CheckLength(parse, view.Path, view.SampleRate, view.SampleCount);
            var preprocessing = EcgTransformsCatalog.DBetaPreprocessing(DBetaColumnNames.Ecg, null, view.SampleRate, steps.FilterOptions(parse), steps.LeadSet(parse));
            var prepared = EcgTransformsCatalog.Chain(preprocessing).Fit(view).Transform(view);
            Console.WriteLine($"{view.Path}: {view.RecordCount} records, {view.LeadCount} leads x {view.SampleCount} samples at {view.SampleRate:0.###} Hz"
                + $" -> {DBetaConfig.LeadCount} x {DBetaConfig.SampleCount} at {DBetaConfig.SampleRate} Hz");
            if (steps.Describe(parse, view.SampleRate) is { } described) Console.WriteLine(described);
            string outPath = parse.GetValue(output)!;
            long rows = ml.Data.SaveColumnAsNpy(prepared, "Ecg", outPath, [DBetaConfig.LeadCount, DBetaConfig.SampleCount],
                idsCsvPath: idsPath, cancellationToken: cancellationToken);
            Console.WriteLine($"wrote {outPath}: [{rows}, {DBetaConfig.LeadCount}, {DBetaConfig.SampleCount}] float32");
            ReportDropped(view);
            return Task.FromResult(0);
        });
        return command;
    }

    internal static void ReportDropped(EcgDataView view)
    {
        if (view.DroppedIds.Count > 0)
            Console.WriteLine($"dropped {view.DroppedIds.Count} records with NaN/Inf values: {string.Join(", ", view.DroppedIds.Take(10))}{(view.DroppedIds.Count > 10 ? ", ..." : "")}");
    }
}
