using System.Globalization;
using System.Text;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>Outcome counts of one campaign, the failures in detail, and a printable table.</summary>
internal sealed class FuzzReport(string reader)
{
    private readonly SortedDictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private string _largestCase = "";
    private string _slowestCase = "";

    public string Reader => reader;
    public int Cases { get; private set; }
    public int FailureCount { get; private set; }
    public int HangCount { get; private set; }
    public long MaxAllocatedBytes { get; private set; }
    public TimeSpan SlowestCase { get; private set; }
    public TimeSpan Elapsed { get; set; }
    public IReadOnlyDictionary<string, int> Outcomes => _outcomes;
    public IReadOnlyList<string> Failures => _failures;

    public int Count(string outcome) => _outcomes.GetValueOrDefault(outcome);

    public bool Add(int index, int seed, FuzzInput input, CaseOutcome outcome, string folder, long budget, Func<Exception, string?>? knownOverAllocation = null)
    {
        Cases++;
        if (outcome.Finished && outcome.AllocatedBytes > MaxAllocatedBytes)
        {
            MaxAllocatedBytes = outcome.AllocatedBytes;
            _largestCase = $"case {index} ({input.Mutation})";
        }
        if (outcome.Elapsed > SlowestCase)
        {
            SlowestCase = outcome.Elapsed;
            _slowestCase = $"case {index} ({input.Mutation})";
        }
        string? problem = null;
        string label;
        if (!outcome.Finished)
        {
            label = "HANG";
            HangCount++;
            problem = $"did not finish in {outcome.Elapsed.TotalSeconds:F0} s";
        }
        else if (outcome.Error is null)
        {
            label = "ok";
        }
        else
        {
            var e = outcome.Error;
            label = e.GetType().Name;
            problem = e switch
            {
                FuzzInvariantException => "wrong result: " + e.Message,
                EcgDataException d => NamesCaseFile(d.FilePath, d.Message, folder),
                ModelFormatException m => NamesCaseFile(m.FilePath, m.Message, folder),
                EmbeddingFileException f => NamesCaseFile(f.FilePath, f.Message, folder),
                FileNotFoundException f => f.FileName is { } name && IsInside(name, folder) ? null : $"FileNotFoundException for a file outside the case: {f.Message}",
                _ => $"unexpected {e.GetType().FullName}: {e.Message}\n      at {FirstFrames(e)}",
            };
            if (e is FuzzInvariantException) label = "WRONG RESULT";
            else if (problem is not null && e is not (EcgDataException or ModelFormatException or EmbeddingFileException or FileNotFoundException)) label = "UNEXPECTED " + label;
        }
        if (problem is null && outcome.Finished && outcome.AllocatedBytes > budget)
        {
            if (outcome.Error is { } error && knownOverAllocation?.Invoke(error) is { } known)
                label += " " + known;
            else
                problem = $"allocated {outcome.AllocatedBytes / 1048576.0:F0} MiB, over the {budget / 1048576.0:F0} MiB budget for its input (an unchecked size claim?)";
        }
        _outcomes[label] = _outcomes.GetValueOrDefault(label) + 1;
        if (problem is null) return false;
        FailureCount++;
        if (_failures.Count < 25)
            _failures.Add($"{reader} case {index} (seed {seed}, {input.Mutation}, {Path.GetFileName(input.Path)}): {problem}");
        return true;
    }

    private static string? NamesCaseFile(string filePath, string message, string folder)
    {
        if (!IsInside(filePath, folder)) return $"the error names '{filePath}', not a file of the case: {message}";
        if (!message.Contains(filePath, StringComparison.Ordinal)) return $"the message does not name the file: {message}";
        return null;
    }

    private static bool IsInside(string path, string folder)
    {
        string root = Path.GetFullPath(folder);
        // A name the OS cannot use (a NUL inside) still counts as the case's when it is written under the case folder.
        string full = path.Contains('\0') ? path : Path.GetFullPath(path);
        return full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    // The innermost frame and the library's own frames: where it broke and how the library got there.
    private static string FirstFrames(Exception e)
    {
        var frames = (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("at ", StringComparison.Ordinal)).Select(l => l[3..]).ToList();
        var shown = frames.Take(1).Concat(frames.Skip(1).Where(f => f.StartsWith("DBeta.MLNet.", StringComparison.Ordinal) && !f.StartsWith("DBeta.MLNet.Tests", StringComparison.Ordinal)).Take(3));
        return string.Join("\n      at ", shown.Select(f => System.Text.RegularExpressions.Regex.Replace(f, @" in \S+/", " in ")));
    }

    /// <summary>The table: one line per outcome, then totals and timing.</summary>
    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"fuzz {reader}: {Cases} inputs in {Elapsed.TotalSeconds:F1} s ");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  slowest case {SlowestCase.TotalMilliseconds:F0} ms: {_slowestCase}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  most managed memory one case allocated {MaxAllocatedBytes / 1048576.0:F1} MiB: {_largestCase}");
        sb.AppendLine("  outcome                                                  inputs");
        foreach (var (outcome, count) in _outcomes)
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {outcome,-56} {count,6}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {"failures",-56} {FailureCount,6}");
        foreach (string failure in _failures) sb.AppendLine("  FAIL " + failure);
        return sb.ToString();
    }

    /// <summary>Prints the table and fails the test if any case failed or too few ran.</summary>
    public void AssertClean(TestContext context, int minimumCases = FuzzCampaign.DefaultIterations)
    {
        string table = Table();
        context.WriteLine(table);
        FuzzSummary.Record(this);
        Assert.AreEqual(0, FailureCount, table);
        if (Environment.GetEnvironmentVariable("DBETA_FUZZ_CASE") is null)
            Assert.IsGreaterThanOrEqualTo(Math.Min(minimumCases, FuzzCampaign.Iterations), Cases, "every reader must see its full share of inputs");
    }
}
