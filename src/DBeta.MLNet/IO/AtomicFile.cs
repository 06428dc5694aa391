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
        WriteVia(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            write(stream);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>
    /// Lets a library that only writes to a path (a plot, an archive) write <paramref name="path"/> atomically:
    /// <paramref name="writeTo"/> receives a temporary path with the same extension.
    /// </summary>
    public static void WriteVia(string path, Action<string> writeTo)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
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
}
