using System.Text.RegularExpressions;

namespace DBeta.MLNet;

/// <summary>Orders file names with their digit runs compared as numbers (<c>exams_part2</c> before <c>exams_part10</c>).</summary>
internal sealed partial class NaturalFileOrder : IComparer<string>
{
    /// <summary>The one instance.</summary>
    public static NaturalFileOrder Instance { get; } = new();

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        var a = DigitRuns().Split(x ?? "");
        var b = DigitRuns().Split(y ?? "");
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            // Split with a capturing group alternates text and digit runs, so odd pieces are numbers.
            int c = i % 2 == 1 ? CompareNumbers(a[i], b[i]) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(x, y);
    }

    private static int CompareNumbers(string a, string b)
    {
        string ta = a.TrimStart('0'), tb = b.TrimStart('0');
        return ta.Length != tb.Length ? ta.Length.CompareTo(tb.Length) : string.CompareOrdinal(ta, tb);
    }

    [GeneratedRegex(@"(\d+)")]
    private static partial Regex DigitRuns();
}
