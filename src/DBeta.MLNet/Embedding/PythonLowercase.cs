using System.Globalization;
using System.Text;

namespace DBeta.MLNet;

/// <summary>
/// Lowercases a text as Python's <c>str.lower()</c> does (D-BETA lowercases its texts in Python): each character's
/// lowercase mapping, with Unicode's two rules that one-character mappings miss: U+0130 (capital I with dot) becomes
/// "i" + U+0307, and a capital sigma that ends a word becomes the final sigma U+03C2.
/// </summary>
internal static class PythonLowercase
{
    private const char CapitalSigma = '\u03A3';

    public static string ToLower(string text)
    {
        // Fast path: most prompts have no capital I-dot or sigma, and then invariant lowercasing is the same mapping.
        if (text.AsSpan().IndexOfAny('\u0130', CapitalSigma) < 0)
            return text.ToLowerInvariant();

        var result = new StringBuilder(text.Length + 4);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\u0130') result.Append("i\u0307");
            else if (c == CapitalSigma) result.Append(IsFinalSigma(text, i) ? '\u03C2' : '\u03C3');
            else if (char.IsSurrogatePair(text, i))
            {
                Rune lower = Rune.ToLowerInvariant(Rune.GetRuneAt(text, i));
                result.Append(lower.ToString());
                i++;
            }
            else result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }

    // Unicode's Final_Sigma: a cased letter before (skipping case-ignorable characters) and none after.
    private static bool IsFinalSigma(string text, int index)
    {
        int before = index - 1;
        while (before >= 0 && IsCaseIgnorable(text[before])) before--;
        if (before < 0 || !IsCased(text[before])) return false;

        int after = index + 1;
        while (after < text.Length && IsCaseIgnorable(text[after])) after++;
        return after == text.Length || !IsCased(text[after]);
    }

    private static bool IsCased(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '\u00B7' or '\u2018' or '\u2019' or '\u2024' or '\u2027' or '\uFE13' or '\uFE52' or '\uFE55' or '\uFF07' or '\uFF0E' or '\uFF1A'
        || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
