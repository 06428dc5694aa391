using System.Diagnostics;
using System.Reflection;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>
/// Runs <c>tests/DBeta.ModelHost</c> (built with the tests) in its own process, from its own output folder, which holds
/// ML.NET and ONNX Runtime but no DBeta.MLNet: what loads there loads without DBeta code.
/// </summary>
internal static class ModelHost
{
    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "tests", "DBeta.ModelHost", "bin",
        typeof(ModelHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug", "net10.0");

    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        string host = Path.Combine(Folder, "DBeta.ModelHost.dll");
        Assert.IsTrue(File.Exists(host), $"{host} is missing; the test project builds it (ProjectReference)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        start.ArgumentList.Add(host);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(120_000), "DBeta.ModelHost did not finish in 120 s");
        return (process.ExitCode, output.Result.Replace("\r\n", "\n"), error.Result);
    }
}
