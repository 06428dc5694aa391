using System.CommandLine;
using DBeta.MLNet.Embedding;
using DBeta.MLNet.IO;
using DBeta.MLNet.Preprocessing;
using Microsoft.ML;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta embed</c>: ECG files -> preprocessing -> D-BETA ECG encoder -> <c>[N, D]</c> float32 .npy.</summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var input = new EcgInputArguments();
        var model = new Option<string>("--model") { Description = "The ECG encoder: dbeta-ecg.onnx from 'dbeta convert'", Required = true };
        var output = new Option<string>("--out") { Description = "Output .npy: [N, D] float32 embeddings in input order", Required = true };
        var ids = new Option<string?>("--ids") { Description = "Also write the record ids, one per row, to this CSV" };
        var batch = new Option<int>("--batch-size") { Description = "ECGs per ONNX Runtime call", DefaultValueFactory = _ => new EcgEmbeddingOptions().BatchSize };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: one per core)" };
        var gpu = new Option<int?>("--gpu") { Description = "CUDA device id (needs the GPU build, -p:DBetaGpu=true); falls back to the CPU with a note" };
        var command = new Command("embed", "Embed ECGs with the D-BETA encoder: resample to 500 Hz x 5000, run the ONNX model, write a .npy");
        input.AddTo(command);
        foreach (var option in new Option[] { model, output, ids, batch, threads, gpu }) command.Options.Add(option);
        command.SetAction((parse, cancellationToken) =>
        {
            var ml = new MLContext();
            var view = input.Load(ml, parse);
            Console.WriteLine($"{view.Path}: {view.RecordCount} records at {view.SampleRate:0.###} Hz");
            string outPath = parse.GetValue(output)!;
            int dim = 0;
            long rows = EmbeddingProgressBar.Run("embedding", view.GetRowCount(), progress =>
            {
                var options = new EcgEmbeddingOptions
                {
                    ModelPath = parse.GetValue(model)!,
                    BatchSize = parse.GetValue(batch),
                    IntraOpThreads = parse.GetValue(threads),
                    GpuDeviceId = parse.GetValue(gpu),
                    Progress = progress,
                };
                var pipeline = ml.Transforms.PrepareEcgForDBeta(view.SampleRate).Append(ml.Transforms.EmbedEcgWithDBeta(options));
                using var embedder = pipeline.Fit(view);
                var transformer = embedder.LastTransformer;
                dim = transformer.EmbeddingDim;
                Console.WriteLine($"model {options.ModelPath}: embedding {transformer.EmbeddingDim}, on {transformer.ExecutionProvider}, batch {options.BatchSize}");
                return ml.Data.SaveColumnAsNpy(embedder.Transform(view), options.OutputColumnName, outPath,
                    idsCsvPath: parse.GetValue(ids), cancellationToken: cancellationToken);
            });
            Console.WriteLine($"wrote {outPath}: [{rows}, {dim}] float32");
            PreprocessCommand.ReportDropped(view);
            return Task.FromResult(0);
        });
        return command;
    }
}
