namespace DBeta.MLNet;

/// <summary>
/// A file written in several steps (a streaming writer) that appears under its final name only when
/// <see cref="Commit"/> is called: it is written to a temporary file in the same folder, renamed into place on
/// commit, and deleted if disposed before. The one-shot form is <see cref="AtomicFile"/>.
/// </summary>
internal sealed class PendingFile : IDisposable
{
    private readonly string _tempPath;
    private bool _committed;

    /// <summary>Creates the temporary file beside <paramref name="path"/> (creating the folder if needed).</summary>
    public PendingFile(string path)
    {
        FinalPath = System.IO.Path.GetFullPath(path);
        _tempPath = AtomicFile.TemporaryPathBeside(FinalPath);
        Stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <summary>The path the file gets on <see cref="Commit"/>.</summary>
    public string FinalPath { get; }

    /// <summary>The stream to write (seekable, so a header can be rewritten at the end).</summary>
    public FileStream Stream { get; }

    /// <summary>Flushes the data to disk and renames the temporary file to <see cref="FinalPath"/>, replacing any old file.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_tempPath, FinalPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes the stream; without a <see cref="Commit"/> the temporary file is deleted and no output appears.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed && File.Exists(_tempPath)) File.Delete(_tempPath);
        _committed = true;
    }
}
