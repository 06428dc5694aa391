namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Challenge-style records for tests: the 12-lead fixture <c>rec16</c> (301 samples at 500 Hz) under a header of another name with given comments.</summary>
internal static class ChallengeRecordFiles
{
    /// <summary>Writes <c>name.hea</c> and <c>name.dat</c> into <paramref name="folder"/>; returns the header's path.</summary>
    public static string Write(string folder, string name, params string[] comments)
    {
        string good = RepoPaths.Fixture("data", "wfdb", "good");
        File.Copy(Path.Combine(good, "rec16.dat"), Path.Combine(folder, name + ".dat"), overwrite: true);
        var lines = File.ReadAllLines(Path.Combine(good, "rec16.hea")).Where(l => !l.StartsWith('#'))
            .Select(l => l.Replace("rec16", name, StringComparison.Ordinal));
        string header = Path.Combine(folder, name + ".hea");
        File.WriteAllLines(header, [.. lines, .. comments]);
        return header;
    }
}
