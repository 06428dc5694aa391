using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// What a Challenge 2020/2021 header states about its record in its <c>#</c> comments (<c>#Age: 77</c>,
/// <c>#Sex: Male</c>, <c>#Dx: 164889003,59118001</c>), and the database its name tells.
/// </summary>
internal sealed record ChallengeRecord(string Id, WfdbHeader Header, IReadOnlyList<string> Codes, float Age, string Sex, string Database)
{
    /// <summary>The header file.</summary>
    public string HeaderPath => Header.HeaderPath;

    /// <summary>Reads the comments of <paramref name="header"/>.</summary>
    /// <exception cref="EcgDataException">No <c>#Dx</c> line, or a code that is not a SNOMED CT number.</exception>
    public static ChallengeRecord From(WfdbHeader header)
    {
        string id = WfdbEcgSource.IdOf(header);
        string? dx = null, age = null, sex = null;
        foreach (string comment in header.Comments)
        {
            int colon = comment.IndexOf(':');
            if (colon < 0) continue;
            string key = comment[..colon].Trim(), value = comment[(colon + 1)..].Trim();
            if (key.Equals("Dx", StringComparison.OrdinalIgnoreCase)) dx = value;
            else if (key.Equals("Age", StringComparison.OrdinalIgnoreCase)) age = value;
            else if (key.Equals("Sex", StringComparison.OrdinalIgnoreCase)) sex = value;
        }
        if (dx is null) throw new EcgDataException(header.HeaderPath, "has no '#Dx:' line; a Challenge header lists its SNOMED CT codes there", id);
        var codes = new List<string>();
        foreach (string part in dx.Split(','))
        {
            string code = part.Trim();
            if (code.Length == 0 || code.Length > 18 || !code.All(char.IsAsciiDigit))
                throw new EcgDataException(header.HeaderPath, $"'#Dx: {dx}': '{code}' is not a SNOMED CT code (digits, comma-separated)", id);
            if (!codes.Contains(code)) codes.Add(code);
        }
        return new ChallengeRecord(id, header, codes, ParseAge(age), NormalizeSex(sex), ChallengeDatabase.Of(id));
    }

    /// <summary>Years, or NaN where the header says <c>NaN</c>, <c>Unknown</c> or nothing.</summary>
    private static float ParseAge(string? age) =>
        float.TryParse(age, NumberStyles.Float, CultureInfo.InvariantCulture, out float years) && years >= 0 ? years : float.NaN;

    /// <summary><c>Male</c>, <c>Female</c>, or empty where the header says <c>Unknown</c>, <c>NaN</c> or nothing.</summary>
    private static string NormalizeSex(string? sex) => sex?.Trim().ToLowerInvariant() switch
    {
        "male" or "m" => "Male",
        "female" or "f" => "Female",
        _ => "",
    };
}
