using System.CommandLine;
using DBeta.MLNet;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta convert</c>: D-BETA checkpoint (or seeded random weights) -> <c>dbeta-ecg.onnx</c> + <c>dbeta-text.onnx</c>.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<FileInfo>("--checkpoint") { Description = "D-BETA checkpoint: PyTorch .pt (e.g. sample.pt) or .safetensors; read as data, never executed" };
        var config = new Option<FileInfo>("--config") { Description = "D-BETA config.json (ECG heads, conv strides); default: D-BETA's published values" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for dbeta-ecg.onnx and dbeta-text.onnx (created if missing)", Required = true };
        var random = new Option<bool>("--random") { Description = "Write models with seeded random weights instead of a checkpoint" };
        var seed = new Option<int>("--seed") { Description = "Seed for --random", DefaultValueFactory = _ => 42 };
        var tiny = new Option<bool>("--tiny") { Description = "With --random: the small test architecture instead of D-BETA's full size" };
        var int8 = new Option<bool>("--int8") { Description = "Also write dbeta-ecg-int8.onnx: the ECG encoder with int8 transformer weights (per output channel), about 2x faster on the CPU" };

        var standardOps = new Option<bool>("--standard-ops")
        {
            Description = "Also write dbeta-ecg-standard.onnx: the float32 ECG encoder in standard ONNX opset-17 operators only (no ONNX Runtime contrib ops), for any ONNX runtime; slower in ONNX Runtime than dbeta-ecg.onnx",
        };

        var command = new Command("convert", "Convert D-BETA weights to ONNX models (ECG and text encoders), checked in ONNX Runtime")
        {
            checkpoint, config, output, random, seed, tiny, int8, standardOps,
        };
        command.Validators.Add(result =>
        {
            bool hasCheckpoint = result.GetResult(checkpoint) is not null;
            bool isRandom = result.GetValue(random);
            if (hasCheckpoint == isRandom)
                result.AddError("give either --checkpoint FILE or --random");
            if (!isRandom && (result.GetResult(tiny) is not null || result.GetResult(seed) is not null))
                result.AddError("--seed and --tiny go with --random");
        });

        command.SetAction(parse =>
        {
            string outFolder = parse.GetValue(output)!.FullName;
            DBetaConfig? cfg = parse.GetValue(config) is { } configFile ? DBetaConfig.Load(configFile.FullName) : null;
            StateDict weights;
            if (parse.GetValue(random))
            {
                var architecture = cfg ?? (parse.GetValue(tiny) ? DBetaConfig.Tiny : DBetaConfig.Default);
                Console.WriteLine($"random weights, seed {parse.GetValue(seed)}, {(parse.GetValue(tiny) ? "tiny" : "D-BETA")} size");
                weights = DBetaModels.CreateRandom(architecture, parse.GetValue(seed));
                cfg = architecture;
            }
            else
            {
                string path = parse.GetValue(checkpoint)!.FullName;
                Console.WriteLine($"reading {path}");
                weights = CheckpointReader.Read(path);
            }

            var summary = DBetaConverter.Convert(weights, cfg, outFolder,
                new DBetaConversionOptions { Int8Ecg = parse.GetValue(int8), StandardOperatorsEcg = parse.GetValue(standardOps) });
            Print(summary, cfg is null);
            return 0;
        });
        return command;
    }

    private static void Print(DBetaConversionSummary s, bool defaultConfig)
    {
        Console.WriteLine($"source:   {s.Source} ({s.Format}, weights {s.SourceDType}, {s.TensorCount} tensors)");
        Console.WriteLine($"skipped:  {s.SkippedKeyCount} keys ({s.IgnoredTensorKeys.Count} tensors outside the encoders, {s.NonTensorEntryCount} non-tensor entries)");
        Console.WriteLine($"ECG:      {s.Ecg.Layers} layers, width {s.Ecg.Width}, {s.Ecg.Heads} heads{(defaultConfig ? " (D-BETA default; pass --config to read them)" : "")}, ffn {s.Ecg.FfnDim}, embedding {s.Ecg.EmbeddingDim}");
        Console.WriteLine($"text:     {s.Text.Layers} blocks, width {s.Text.Width}, {s.Text.Heads} heads, ffn {s.Text.FfnDim}, vocab {s.Text.VocabSize}, embedding {s.Text.EmbeddingDim}");
        foreach (var m in new[] { s.Ecg, s.EcgInt8, s.EcgStandard, s.Text }.OfType<DBetaModelSummary>())
            Console.WriteLine($"wrote:    {m.Path} ({m.FileBytes / 1048576.0:F1} MiB, {m.ParameterCount / 1e6:F1}M parameters, loaded in ONNX Runtime)");
    }
}
