namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>Copies a committed fixture tree into a temporary folder, so a test can break one file of it.</summary>
internal static class TreeCopy
{
    /// <summary>Copies every file under <paramref name="source"/> to the same relative path under <paramref name="destination"/>.</summary>
    public static void Copy(string source, string destination)
    {
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
