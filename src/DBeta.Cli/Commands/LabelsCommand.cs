using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta labels</c>: the label matrix of a labelled dataset (Challenge <c>#Dx</c> codes, ...) as a CSV, <c>Id</c>
/// then one 0/1 column per label, rows in the order <c>dbeta embed --ids</c> writes for the same input.
/// </summary>
internal static class LabelsCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "The dataset: a PTB-XL or CODE-15% folder in its own layout, or a folder or header of PhysioNet Challenge records", Required = true };
        var format = new Option<EcgFormat>("--format") { Description = "Dataset layout (default: from the path; a WFDB folder is read as Challenge records)", DefaultValueFactory = _ => EcgFormat.Auto };
        var labelSet = new Option<string?>("--label-set") { Description = "Challenge: scored (the 26 scored classes, default) or all (also every other code found); PTB-XL: superdiagnostic (default), subdiagnostic, diagnostic, form, rhythm or all; CODE-15%: none (its six labels)" };
        var keepUnknown = new Option<bool>("--keep-unknown-codes") { Description = "Challenge: keep codes neither Challenge table lists (by code) instead of stopping" };
        var output = new Option<string>("--out") { Description = "The CSV to write", Required = true };
        var command = new Command("labels", "Write a dataset's labels as a CSV (Id, then one 0/1 column per label) in the order 'dbeta embed --ids' writes");
        foreach (var option in new Option[] { input, format, labelSet, keepUnknown, output }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(input)!;
            var chosen = parse.GetValue(format);
            if (chosen == EcgFormat.Auto) chosen = EcgDatasets.Detect(path);
            IEcgDataset dataset;
            try
            {
                dataset = EcgDatasets.Open(path, chosen, parse.GetValue(labelSet), parse.GetValue(keepUnknown));
            }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                UserError.Print(e);
                return 1;
            }
            string outPath = parse.GetValue(output)!;
            EcgLabelsCsvWriter.Write(outPath, dataset);
            var notes = EcgDatasets.NotesOf(dataset);
            foreach (string note in notes.Take(20)) Console.WriteLine($"note: {note}");
            if (notes.Count > 20) Console.WriteLine($"note: ... and {notes.Count - 20} more");
            var counts = dataset.Labels.Names.Select((name, k) => (name, count: Enumerable.Range(0, dataset.Ids.Count).Count(r => dataset.Labels.Value(r, k) != 0)));
            Console.WriteLine($"wrote {outPath}: {dataset.Ids.Count} records x {dataset.Labels.Names.Count} labels ({string.Join(", ", counts.Where(c => c.count > 0).Select(c => $"{c.name} {c.count}"))})");
            return 0;
        });
        return command;
    }
}
