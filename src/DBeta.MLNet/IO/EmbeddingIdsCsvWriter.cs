namespace DBeta.MLNet;

/// <summary>
/// Writes an ids CSV (<see cref="EmbeddingIdsCsv"/>: <c>Id,SourceFile,RowIndex</c>) beside a <c>.npy</c> of rows, through a
/// <see cref="PendingFile"/>: the file appears only on <see cref="Commit"/>. Every <c>--ids</c> file comes from here.
/// </summary>
internal sealed class EmbeddingIdsCsvWriter : IDisposable
{
    private readonly PendingFile _file;
    private StreamWriter? _text;

    public EmbeddingIdsCsvWriter(string path)
    {
        _file = new PendingFile(path);
        _text = new StreamWriter(_file.Stream, leaveOpen: true);
        _text.WriteLine(EmbeddingIdsCsv.Header);
    }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    public void Add(string id, string sourceFile, long rowIndex)
    {
        ObjectDisposedException.ThrowIf(_text is null, this);
        _text.WriteLine(EmbeddingIdsCsv.Line(id, sourceFile, rowIndex));
        RowCount++;
    }

    /// <summary>Writes everything to disk under the temporary name, so a later <see cref="Commit"/> cannot fail for lack of space.</summary>
    public void Flush()
    {
        // A StreamWriter that leaves its stream open flushes again on every Dispose: dispose it once, before the stream closes.
        _text?.Dispose();
        _text = null;
        _file.Stream.Flush(flushToDisk: true);
    }

    /// <summary>Flushes and renames the file into place.</summary>
    public void Commit()
    {
        Flush();
        _file.Commit();
    }

    public void Dispose()
    {
        _text?.Dispose();
        _text = null;
        _file.Dispose();
    }
}
