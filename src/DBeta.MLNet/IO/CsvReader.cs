using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// Reads comma-separated values (RFC 4180: quoted fields with <c>""</c> escapes, CRLF or LF line ends, an optional
/// UTF-8 byte order mark) record by record, with the line each record starts on for error messages.
/// </summary>
internal sealed class CsvReader(TextReader reader)
{
    private int _line;

    /// <summary>The next record and the 1-based line it starts on; null at the end. Blank lines are skipped.</summary>
    public (int Line, string[] Fields)? ReadRecord()
    {
        string? text;
        do
        {
            text = reader.ReadLine();
            _line++;
            if (text is null) return null;
        } while (text.Length == 0);

        int startLine = _line;
        if (startLine == 1 && text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        // A quoted field runs on to the next line.
                        string? next = reader.ReadLine();
                        _line++;
                        if (next is null) throw new FormatException($"line {startLine}: a quoted field is not closed");
                        field.Append('\n');
                        text = next;
                        i = 0;
                        continue;
                    }
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                while (i < text.Length && text[i] != ',') field.Append(text[i++]);
            }
            else
            {
                while (i < text.Length && text[i] != ',') field.Append(text[i++]);
            }
            fields.Add(field.ToString());
            field.Clear();
            if (i >= text.Length) break;
            i++; // the comma
        }
        return (startLine, [.. fields]);
    }
}
