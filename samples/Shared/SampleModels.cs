using DBeta.MLNet;
using Spectre.Console;

namespace DBeta.Samples;

/// <summary>Where the samples find the repository, its <c>models/</c> folder and an ECG encoder to run.</summary>
internal static class SampleModels
{
    /// <summary>The repository root (the folder holding DBeta.MLNet.sln), or the current folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>A folder under <c>out/</c> for this sample's files (git-ignored).</summary>
    public static string OutputFolder(string sample)
    {
        string folder = Path.Combine(RepositoryRoot, "out", sample);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// <c>models/dbeta-ecg.onnx</c> when the user has converted D-BETA's weights, else a full-size encoder with
    /// seeded random weights, built once and cached under <c>models/random-seed42/</c>. Says plainly which.
    /// </summary>
    public static string EcgModel()
    {
        string real = Path.Combine(RepositoryRoot, "models", DBetaConverter.EcgFileName);
        if (File.Exists(real))
        {
            AnsiConsole.MarkupLine($"[bold]Model[/]: {real} (converted D-BETA weights)");
            return real;
        }
        string random = Path.Combine(RepositoryRoot, "models", "random-seed42", DBetaConverter.EcgFileName);
        if (!File.Exists(random))
        {
            AnsiConsole.MarkupLine("[bold]Model[/]: no models/dbeta-ecg.onnx; building a full-size D-BETA ECG encoder with seeded random weights (once)...");
            DBetaModels.WriteRandomEcgModel(DBetaConfig.Default, random, seed: 42);
        }
        AnsiConsole.MarkupLine($"[bold]Model[/]: {random}");
        AnsiConsole.MarkupLine("[yellow]Random weights: the pipeline runs end to end, but the AUROCs below carry no medical meaning.[/]");
        AnsiConsole.MarkupLine("[yellow]Convert D-BETA's published checkpoint with 'dbeta convert' (see models/README.md) for real embeddings.[/]");
        return random;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DBeta.MLNet.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
