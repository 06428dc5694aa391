using System.Reflection;
using DBeta.MLNet;

namespace DBeta.Cli;

/// <summary>
/// The error a user can act on inside whatever wraps it: ML.NET trainers and cursor workers rethrow a data error as
/// <see cref="InvalidOperationException"/>, <see cref="AggregateException"/> or <see cref="TargetInvocationException"/>
/// with the library's typed exception inside, and the CLI prints that one.
/// </summary>
internal static class UserError
{
    /// <summary>The first <see cref="DBetaException"/> or missing/forbidden-file error in <paramref name="error"/>'s chain, or null.</summary>
    public static Exception? Find(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        int seen = 0;
        // Depth-first, outermost first; the bound guards against a chain that loops back on itself.
        while (pending.Count > 0 && seen++ < 1000)
        {
            var e = pending.Pop();
            if (e is DBetaException or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException) return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.Reverse()) pending.Push(inner);
            else if (e.InnerException is { } inner)
                pending.Push(inner);
        }
        return null;
    }

    /// <summary>Prints an option the library refused as one line, without .NET's "(Parameter 'x')" suffix.</summary>
    public static void Print(ArgumentException error) =>
        Console.Error.WriteLine($"error: {error.Message.Split(" (Parameter")[0]}");

    /// <summary>Whether <paramref name="error"/> is, or wraps, a cancellation (Ctrl+C, SIGTERM).</summary>
    public static bool IsCancellation(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
            if (e is OperationCanceledException) return true;
        return false;
    }
}
