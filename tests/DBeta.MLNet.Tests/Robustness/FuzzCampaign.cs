using System.Diagnostics;
using System.Globalization;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Runs one reader over seeded mutated inputs. Each case is written to disk by <c>prepare</c> and read by <c>read</c>
/// on its own thread (1 MiB stack, like Windows' default) under a timeout. A case passes when it ends in a correct
/// result or in <see cref="EcgDataException"/> / <see cref="ModelFormatException"/> / <see cref="EmbeddingFileException"/> / <see cref="FileNotFoundException"/>
/// naming a file of the case; any other exception, a hang, a wrong result or a managed allocation beyond the budget
/// (a size claimed by the file and not checked) is a failure. Case <c>i</c> is reproducible from <c>seed + i</c> alone.
/// </summary>
/// <remarks>
/// Environment: <c>DBETA_FUZZ_ITERATIONS</c> (cases per reader, default 1000), <c>DBETA_FUZZ_SEED</c> (added to each
/// reader's seed), <c>DBETA_FUZZ_CASE</c> (run only that case index, to reproduce a failure), <c>DBETA_FUZZ_KEEP</c> (a folder
/// where the files of failing cases are copied).
/// </remarks>
internal sealed class FuzzCampaign(string reader, int seed)
{
    public const int DefaultIterations = 1000;

    /// <summary>Longest a single case may run before it counts as a hang.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Most managed bytes one case may allocate, given the bytes of its input files.</summary>
    public Func<long, long> AllocationBudget { get; init; } = inputBytes => (64L << 20) + 64 * inputBytes;

    /// <summary>
    /// Recognizes an over-budget case that still ended in the typed error as a known third-party limit, returning the
    /// label it is counted under (reported, not failed); null means it is a failure.
    /// </summary>
    public Func<Exception, string?>? KnownOverAllocation { get; init; }

    public static int Iterations =>
        int.TryParse(Environment.GetEnvironmentVariable("DBETA_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : DefaultIterations;

    private static int SeedOffset =>
        int.TryParse(Environment.GetEnvironmentVariable("DBETA_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int s) ? s : 0;

    private static string? KeepFolder => Environment.GetEnvironmentVariable("DBETA_FUZZ_KEEP");

    private static int? OnlyCase =>
        int.TryParse(Environment.GetEnvironmentVariable("DBETA_FUZZ_CASE"), NumberStyles.None, CultureInfo.InvariantCulture, out int c) ? c : null;

    /// <summary>Runs the campaign; <paramref name="prepare"/> writes case files into the (empty) folder it is given.</summary>
    public FuzzReport Run(Func<Random, string, FuzzInput> prepare, Action<FuzzInput> read)
    {
        var report = new FuzzReport(reader);
        string root = Path.Combine(Path.GetTempPath(), "dbeta-tests", "fuzz-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        try
        {
            int iterations = Iterations;
            IEnumerable<int> cases = OnlyCase is int only ? [only] : Enumerable.Range(0, iterations);
            foreach (int index in cases)
            {
                string folder = Path.Combine(root, index.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                int caseSeed = unchecked(seed + SeedOffset + index * 7919);
                var input = prepare(new Random(caseSeed), folder);
                long inputBytes = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                var outcome = RunCase(input, read);
                bool failed = report.Add(index, caseSeed, input, outcome, folder, AllocationBudget(inputBytes), KnownOverAllocation);
                if (failed && KeepFolder is { } keep) CopyFolder(folder, Path.Combine(keep, reader.Split(' ')[0], index.ToString(CultureInfo.InvariantCulture)));
                if (report.HangCount > 0) break; // a hung case keeps its thread; stop before more pile up
                TryDelete(folder);
            }
        }
        finally
        {
            report.Elapsed = clock.Elapsed;
            TryDelete(root);
        }
        return report;
    }

    private CaseOutcome RunCase(FuzzInput input, Action<FuzzInput> read)
    {
        Exception? error = null;
        long allocated = 0;
        var watch = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                read(input);
            }
            catch (Exception e)
            {
                error = e;
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }, maxStackSize: 1 << 20)
        { IsBackground = true, Name = $"fuzz {reader}" };
        thread.Start();
        bool finished = thread.Join(CaseTimeout);
        return new CaseOutcome(finished, error, allocated, watch.Elapsed);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>How one case ended: whether it finished in time, what it threw, what it allocated, how long it took.</summary>
internal sealed record CaseOutcome(bool Finished, Exception? Error, long AllocatedBytes, TimeSpan Elapsed);
