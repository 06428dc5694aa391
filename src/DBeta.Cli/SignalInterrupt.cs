using System.Runtime.InteropServices;

namespace DBeta.Cli;

/// <summary>
/// The CLI's one handler of Ctrl+C (SIGINT) and SIGTERM (what Kubernetes sends on eviction and Slurm on preemption).
/// System.CommandLine installs its own Ctrl+C handler only once an action has returned its Task, and the actions here do
/// their work before returning, so a signal would otherwise kill the process mid-write and strand temporary files. The
/// first signal cancels <see cref="Token"/> (commands stop at the next step, write no partial output and checkpoint
/// what is done); a second one falls through to the default and ends the process at once.
/// </summary>
internal sealed class SignalInterrupt : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Registers the handler for SIGINT and SIGTERM.</summary>
    public static SignalInterrupt Register()
    {
        var interrupt = new SignalInterrupt();
        interrupt._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, interrupt.Handle));
        interrupt._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, interrupt.Handle));
        return interrupt;
    }

    /// <summary>The first signal is taken (the process keeps running, <see cref="Token"/> is cancelled); later ones are not.</summary>
    internal void Handle(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return;
        context.Cancel = true;
        Console.Error.WriteLine("stopping: finishing the current step, writing no partial output (press Ctrl+C again to end at once)");
        _cancel.Cancel();
    }

    /// <summary>Removes the handlers and releases the token.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
