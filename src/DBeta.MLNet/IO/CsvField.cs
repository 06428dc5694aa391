namespace DBeta.MLNet;

/// <summary>Writes one CSV field: quoted (with doubled quotes) only when it holds a comma, a quote or a line break.</summary>
internal static class CsvField
{
    public static string Escape(ReadOnlySpan<char> value) =>
        value.IndexOfAny(",\"\r\n") < 0 ? value.ToString() : "\"" + value.ToString().Replace("\"", "\"\"") + "\"";
}
