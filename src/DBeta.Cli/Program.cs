using DBeta.MLNet;
using System.CommandLine;
using System.Runtime.InteropServices;
using DBeta.Cli;
using DBeta.Cli.Commands;

var root = new RootCommand("dbeta: D-BETA ECG-text foundation model tools for .NET (DBeta.MLNet)");
foreach (Command command in CommandList.All())
    root.Subcommands.Add(command);

// System.CommandLine 2.0 installs its Ctrl+C handler only once an action has returned its Task, and the actions here do
// their work before returning, so Ctrl+C (or SIGTERM) would kill the process mid-write and strand temporary files. The first
// signal cancels the actions' token instead; a second one falls through to the default and ends the process at once.
using var interrupt = new CancellationTokenSource();
void Interrupt(PosixSignalContext context)
{
    if (interrupt.IsCancellationRequested) return;
    context.Cancel = true;
    Console.Error.WriteLine("stopping: finishing the current step, writing no partial output (press Ctrl+C again to end at once)");
    interrupt.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);

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
