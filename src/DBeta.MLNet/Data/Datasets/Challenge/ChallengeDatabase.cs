namespace DBeta.MLNet;

/// <summary>The Challenge 2021 database a record comes from, told by its name's prefix.</summary>
internal static class ChallengeDatabase
{
    // Longest prefixes first: "HR" before "H", "JS" before "J".
    private static readonly (string Prefix, string Name)[] Prefixes =
    [
        ("HR", "PTB-XL"), ("JS", "Chapman-Shaoxing-Ningbo"), ("A", "CPSC2018"), ("Q", "CPSC-Extra"),
        ("I", "INCART"), ("S", "PTB"), ("E", "Georgia"),
    ];

    /// <summary>CPSC2018 (A), CPSC-Extra (Q), INCART (I), PTB (S), PTB-XL (HR), Georgia (E), Chapman-Shaoxing-Ningbo (JS); empty for another name.</summary>
    public static string Of(string recordId)
    {
        foreach (var (prefix, name) in Prefixes)
            if (recordId.StartsWith(prefix, StringComparison.Ordinal) && recordId.Length > prefix.Length && char.IsAsciiDigit(recordId[prefix.Length]))
                return name;
        return "";
    }
}
