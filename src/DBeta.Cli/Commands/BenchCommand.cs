using System.CommandLine;
using DBeta.MLNet;

namespace DBeta.Cli.Commands;

/// <summary>
/// <c>dbeta bench</c>: this machine's MatMul GFLOP/s, the model's FLOPs, the roofline ECG/s they imply, the ECG/s
/// achieved through the ML.NET pipeline and the peak memory, in one run.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "The ECG encoder to measure (dbeta-ecg.onnx or dbeta-ecg-int8.onnx); default: a seeded random D-BETA-size model written to a temporary folder" };
        var int8 = new Option<bool>("--int8") { Description = "Without --model: measure the int8 form of the random model" };
        var tiny = new Option<bool>("--tiny") { Description = "Without --model: the small test architecture (a quick check of the tooling, not of D-BETA's speed)" };
        var input = new Option<string?>("--input") { Description = "Stream the ECGs from this CODE-layout HDF5 file (e.g. from 'dbeta synth') instead of generating them" };
        var count = new Option<int?>("--count") { Description = "ECGs to time in each round (default 32; with --input, default all records)" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads for the MatMul probe and the encoder", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batch = new Option<int>("--batch-size") { Description = "ECGs per ONNX Runtime call", DefaultValueFactory = _ => new EcgEmbeddingOptions().BatchSize };
        var seconds = new Option<double>("--matmul-seconds") { Description = "How long to time the MatMul probe, over all rounds", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of probe then pipeline, in turn; medians are reported", DefaultValueFactory = _ => 3 };

        var command = new Command("bench", "Measure MatMul GFLOP/s, the model's FLOPs and roofline, the achieved ECG/s through the ML.NET pipeline and peak memory")
        {
            model, int8, tiny, input, count, threads, batch, seconds, rounds,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(model) is not null && (result.GetResult(int8) is not null || result.GetResult(tiny) is not null))
                result.AddError("--int8 and --tiny choose the random model; they do not go with --model");
        });
        threads.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--threads must be 0 (ONNX Runtime's default) or more"); });
        batch.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--batch-size must be 1 or more"); });
        count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is <= 0) r.AddError("--count must be 1 or more"); });
        rounds.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--rounds must be 1 or more"); });
        seconds.Validators.Add(r => { if (!(r.GetValueOrDefault<double>() > 0)) r.AddError("--matmul-seconds must be positive"); });

        command.SetAction(parse =>
        {
            string? temporary = null;
            string modelPath = parse.GetValue(model) ?? "";
            try
            {
                if (modelPath.Length == 0)
                {
                    temporary = Directory.CreateTempSubdirectory("dbeta-bench-").FullName;
                    var config = parse.GetValue(tiny) ? DBetaConfig.Tiny : DBetaConfig.Default;
                    var precision = parse.GetValue(int8) ? EcgModelPrecision.Int8 : EcgModelPrecision.Float32;
                    modelPath = Path.Combine(temporary, precision == EcgModelPrecision.Int8 ? DBetaConverter.EcgInt8FileName : DBetaConverter.EcgFileName);
                    Console.WriteLine($"writing a random {(parse.GetValue(tiny) ? "tiny" : "D-BETA-size")} {(precision == EcgModelPrecision.Int8 ? "int8" : "float32")} model (seed 42) to {modelPath}");
                    WriteRandomModel(config, modelPath, precision);
                }
                string? hdf5 = parse.GetValue(input);
                var report = EcgBenchmark.Run(new EcgBenchmarkOptions
                {
                    ModelPath = modelPath,
                    Threads = parse.GetValue(threads),
                    Hdf5Path = hdf5,
                    EcgCount = parse.GetValue(count) ?? (hdf5 is null ? 32 : null),
                    BatchSize = parse.GetValue(batch),
                    MatMulDuration = TimeSpan.FromSeconds(parse.GetValue(seconds)),
                    Rounds = parse.GetValue(rounds),
                    Log = line => Console.Error.WriteLine("  " + line),
                });
                Console.WriteLine(report);
                return 0;
            }
            finally
            {
                if (temporary is not null) Directory.Delete(temporary, recursive: true);
            }
        });
        return command;
    }

    /// <summary>
    /// In a method of its own so the 250 MB of random weights are garbage once it returns: the command's action runs
    /// once, unoptimised, and such code keeps every temporary alive to its end.
    /// </summary>
    private static void WriteRandomModel(DBetaConfig config, string path, EcgModelPrecision precision) =>
        DBetaConverter.WriteEcgModel(DBetaModels.CreateRandom(config, 42), config, path, precision);
}
