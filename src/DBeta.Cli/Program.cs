using System.CommandLine;
using DBeta.Cli.Commands;
using DBeta.MLNet;

var root = new RootCommand("dbeta: D-BETA ECG-text foundation model tools for .NET (DBeta.MLNet)");
foreach (Command command in CommandList.All())
    root.Subcommands.Add(command);

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is DBetaException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled: no partial output was written");
    return 130;
}
