using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// Every CSV the project writes (ids, labels, scores): UTF-8 without a byte-order mark, <c>\n</c> line ends on every
/// platform, fields quoted only when they need it (<see cref="CsvField"/>), written through a <see cref="PendingFile"/>
/// so the file appears only on <see cref="Commit"/>.
/// </summary>
internal sealed class CsvFileWriter : IDisposable
{
    private readonly PendingFile _file;
    private readonly StringBuilder _line = new();
    private StreamWriter? _text;

    /// <summary>Starts <paramref name="path"/> with the header row <paramref name="header"/>.</summary>
    public CsvFileWriter(string path, IReadOnlyList<string> header)
    {
        _file = new PendingFile(path);
        _text = new StreamWriter(_file.Stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        WriteFields(header);
    }

    /// <summary>Rows written so far, the header not counted.</summary>
    public long RowCount { get; private set; }

    /// <summary>Writes one row.</summary>
    public void WriteRow(params ReadOnlySpan<string> fields)
    {
        WriteFields(fields);
        RowCount++;
    }

    private void WriteFields(ReadOnlySpan<string> fields)
    {
        ObjectDisposedException.ThrowIf(_text is null, this);
        _line.Clear();
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) _line.Append(',');
            _line.Append(CsvField.Escape(fields[i]));
        }
        _text.WriteLine(_line);
    }

    private void WriteFields(IReadOnlyList<string> fields) => WriteFields(fields.ToArray().AsSpan());

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

    /// <summary>Closes the file; without a <see cref="Commit"/> nothing appears under the final name.</summary>
    public void Dispose()
    {
        _text?.Dispose();
        _text = null;
        _file.Dispose();
    }
}
