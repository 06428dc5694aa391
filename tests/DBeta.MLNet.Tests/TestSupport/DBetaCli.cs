using System.Diagnostics;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Runs the built <c>dbeta</c> CLI in its own process, as a user would.</summary>
internal static class DBetaCli
{
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dbeta.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(120_000), "dbeta did not finish in 120 s");
        return (process.ExitCode, output.Result.Replace("\r\n", "\n"), error.Result);
    }
}
