using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta merge</c>: the parts of a sharded <c>dbeta embed --parts</c> run -> one checked file in input order.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Option<string>("--parts") { Description = "Folder of the parts written by 'dbeta embed --parts' workers", Required = true };
        var output = new Option<string>("--out") { Description = "Merged output: .parquet (id, source_file, row_index, embedding) or .npy ([N, D] float32)", Required = true };
        var ids = new Option<string?>("--ids") { Description = "With a .npy --out: also write Id,SourceFile,RowIndex per row to this CSV" };
        var command = new Command("merge", "Check that the parts of a sharded embedding run hold every input record exactly once, from one model and one setting, and merge them in input order");
        foreach (var option in new Option[] { parts, output, ids }) command.Options.Add(option);
        command.Validators.Add(result =>
        {
            if (result.GetValue(output) is string path && Path.GetExtension(path).ToLowerInvariant() is not (".npy" or ".parquet"))
                result.AddError($"--out {path}: the merged output must be .npy or .parquet");
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var result = EmbeddingPartsMerger.Merge(parse.GetValue(parts)!, parse.GetValue(output)!,
                new EmbeddingMergeOptions { IdsCsvPath = parse.GetValue(ids) }, cancellationToken);
            Console.WriteLine($"merged {result.Parts} parts: {result.Rows} embeddings of {result.Run.EmbeddingDim} for {result.RecordCount} records in {result.Run.Inputs.Count} inputs");
            Console.WriteLine($"model SHA-256 {result.Run.ModelSha256}, preprocessing {result.Run.Preprocessing}");
            if (result.DroppedIds.Count > 0)
                Console.WriteLine($"dropped by the workers: {result.DroppedIds.Count} records with NaN/Inf values: {string.Join(", ", result.DroppedIds.Take(10))}{(result.DroppedIds.Count > 10 ? ", ..." : "")}");
            Console.WriteLine($"wrote {result.OutputPath}");
            return Task.FromResult(0);
        });
        return command;
    }
}
