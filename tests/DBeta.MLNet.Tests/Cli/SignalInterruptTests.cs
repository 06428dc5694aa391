using System.Runtime.InteropServices;
using DBeta.Cli;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>The CLI's one signal handler: the first Ctrl+C or SIGTERM cancels, a second ends the process.</summary>
[TestClass]
public sealed class SignalInterruptTests
{
    [TestMethod]
    public void FirstSignalCancelsTheTokenAndIsTaken()
    {
        using var interrupt = new SignalInterrupt();
        var first = new PosixSignalContext(PosixSignal.SIGTERM);
        interrupt.Handle(first);
        Assert.IsTrue(first.Cancel, "the first signal must not end the process");
        Assert.IsTrue(interrupt.Token.IsCancellationRequested);
    }

    [TestMethod]
    public void SecondSignalFallsThroughToTheDefaultAndEndsTheProcess()
    {
        using var interrupt = new SignalInterrupt();
        interrupt.Handle(new PosixSignalContext(PosixSignal.SIGINT));
        var second = new PosixSignalContext(PosixSignal.SIGTERM);
        interrupt.Handle(second);
        Assert.IsFalse(second.Cancel, "a second signal must reach the default handler");
    }

    [TestMethod]
    public void NoCommandRegistersASignalHandlerOfItsOwn()
    {
        // A second handler that always cancels (as embed once had) would swallow the second signal.
        string cli = Path.Combine(RepoPaths.Root, "src", "DBeta.Cli");
        var registering = Directory.GetFiles(cli, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("PosixSignalRegistration.Create", StringComparison.Ordinal))
            .Select(Path.GetFileName).ToArray();
        CollectionAssert.AreEqual(new[] { "SignalInterrupt.cs" }, registering);
    }
}
