using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// Parses PTB-XL's <c>scp_codes</c> field, a Python dict literal of statement code to likelihood
/// (<c>{'NORM': 100.0, 'SR': 0.0}</c>, possibly <c>{}</c>): quoted string keys, numeric values, an optional
/// trailing comma. Anything else is a <see cref="FormatException"/> saying where it goes wrong.
/// </summary>
internal static class ScpCodes
{
    /// <summary>The statements of <paramref name="text"/> with their likelihoods, in the order written.</summary>
    /// <exception cref="FormatException">The text is not a dict of quoted codes to numbers, or names a code twice.</exception>
    public static IReadOnlyList<(string Code, double Likelihood)> Parse(string text)
    {
        var entries = new List<(string, double)>();
        int i = 0;
        SkipSpace(text, ref i);
        Expect(text, ref i, '{');
        SkipSpace(text, ref i);
        while (i < text.Length && text[i] != '}')
        {
            string code = ReadString(text, ref i);
            SkipSpace(text, ref i);
            Expect(text, ref i, ':');
            SkipSpace(text, ref i);
            double likelihood = ReadNumber(text, ref i);
            if (entries.Exists(e => e.Item1 == code)) throw new FormatException($"names '{code}' twice");
            entries.Add((code, likelihood));
            SkipSpace(text, ref i);
            if (i < text.Length && text[i] == ',')
            {
                i++;
                SkipSpace(text, ref i);
            }
            else if (i < text.Length && text[i] != '}')
            {
                throw new FormatException($"expected ',' or '}}' at character {i + 1}, found '{text[i]}'");
            }
        }
        Expect(text, ref i, '}');
        SkipSpace(text, ref i);
        if (i < text.Length) throw new FormatException($"unexpected text after the closing '}}' at character {i + 1}");
        return entries;
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }

    private static void Expect(string text, ref int i, char c)
    {
        if (i >= text.Length) throw new FormatException($"expected '{c}' but the text ends");
        if (text[i] != c) throw new FormatException($"expected '{c}' at character {i + 1}, found '{text[i]}'");
        i++;
    }

    private static string ReadString(string text, ref int i)
    {
        if (text[i] is not ('\'' or '"')) throw new FormatException($"expected a quoted statement code at character {i + 1}, found '{text[i]}'");
        char quote = text[i++];
        int start = i;
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\') throw new FormatException($"escape sequences are not expected in a statement code (character {i + 1})");
            i++;
        }
        if (i >= text.Length) throw new FormatException($"the quoted code starting at character {start} is not closed");
        string code = text[start..i++];
        if (code.Length == 0) throw new FormatException($"empty statement code at character {start}");
        return code;
    }

    private static double ReadNumber(string text, ref int i)
    {
        int start = i;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or '-' or '+' or 'e' or 'E')) i++;
        string number = text[start..i];
        if (number.Length == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new FormatException($"expected a number at character {start + 1}, found '{(start < text.Length ? text[start..Math.Min(text.Length, start + 10)] : "")}'");
        return value;
    }
}
