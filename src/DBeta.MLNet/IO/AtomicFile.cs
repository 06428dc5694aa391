namespace DBeta.MLNet;

/// <summary>
/// Writes a file through a temporary file in the same folder and renames it into place, so a crash or a
/// cancellation never leaves a half-written output under the final name.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> from a stream; the file appears only once <paramref name="write"/> returns.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var file = new PendingFile(path);
        write(file.Stream);
        file.Commit();
    }

    /// <summary>
    /// Lets a library that only writes to a path (a plot, an archive) write <paramref name="path"/> atomically:
    /// <paramref name="writeTo"/> receives a temporary path with the same extension.
    /// </summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        string full = Path.GetFullPath(path);
        string temp = TemporaryPathBeside(full);
        try
        {
            writeTo(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// A new hidden name in <paramref name="fullPath"/>'s folder (created if missing) with the same extension, for
    /// writing before the rename: <c>.NAME.GUID.tmp.EXT</c>.
    /// </summary>
    internal static string TemporaryPathBeside(string fullPath)
    {
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}");
    }
}
