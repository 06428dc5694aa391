using DBeta.MLNet;
using System.CommandLine;
using DBeta.Cli;
using DBeta.Cli.Commands;

var root = new RootCommand("dbeta: D-BETA ECG-text foundation model tools for .NET (DBeta.MLNet)");
foreach (Command command in CommandList.All())
    root.Subcommands.Add(command);

// One handler of Ctrl+C and SIGTERM for every command: the first signal cancels, a second ends the process (SignalInterrupt).
using var interrupt = SignalInterrupt.Register();

try
{
    var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
    return await root.Parse(args).InvokeAsync(configuration, interrupt.Token);
}
catch (Exception e) when (UserError.Find(e) is { } error)
{
    Console.Error.WriteLine($"error: {error.Message}");
    return 1;
}
catch (Exception e) when (UserError.IsCancellation(e))
{
    Console.Error.WriteLine("cancelled: no partial output was written");
    return 130;
}
