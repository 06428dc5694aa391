namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Where the committed fixtures and the optional <c>../shared</c> data live, found from the test binary.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root (the folder holding <c>DBeta.MLNet.sln</c>).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under <c>tests/fixtures</c>, written by the scripts in <c>tests/reference</c>.</summary>
    public static string Fixture(params string[] parts) =>
        Path.Combine([Root, "tests", "fixtures", .. parts]);

    /// <summary>
    /// A path under <c>../shared/data</c> beside the checkout; marks the test inconclusive (skipped) when the
    /// shared data is absent, as on a user's fresh clone.
    /// </summary>
    public static string SharedData(params string[] parts)
    {
        string path = Path.Combine([Path.GetDirectoryName(Root)!, "shared", "data", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Inconclusive($"shared data not present ({path}); this test needs ../shared beside the checkout");
        return path;
    }

    /// <summary>
    /// A path under <c>../shared/t5</c> (a user-supplied T5 <c>spiece.model</c>); marks the test inconclusive (skipped)
    /// when it is absent.
    /// </summary>
    public static string SharedT5(params string[] parts)
    {
        string path = Path.Combine([Path.GetDirectoryName(Root)!, "shared", "t5", .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
            Assert.Inconclusive($"T5 model not present ({path}); put Flan-T5's spiece.model in ../shared/t5 to run this test");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DBeta.MLNet.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find DBeta.MLNet.sln above " + AppContext.BaseDirectory);
    }
}
