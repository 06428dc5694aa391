using System.Reflection;

namespace DBeta.MLNet;

/// <summary>
/// The SNOMED CT codes of the PhysioNet/CinC Challenge 2020/2021 labels (the project's data file
/// <c>challenge2021-snomed-codes.csv</c>, built from the Challenge's public mapping by
/// <c>tests/reference/make_challenge_code_table.py</c>): each code's abbreviation and name, whether the Challenge
/// scores it, and the scored class it counts for, the four pairs the Challenge scores as one diagnosis merged
/// (713427006/59118001 RBBB, 284470004/63593006 PAC, 427172004/17338001 PVC, 733534002/164909002 LBBB).
/// </summary>
internal sealed class ChallengeCodeTable
{
    private const string ResourceName = "DBeta.MLNet.challenge2021-snomed-codes.csv";
    private readonly Dictionary<string, Entry> _byCode;

    /// <summary>One code of the table.</summary>
    public sealed record Entry(string Code, string Abbreviation, string Name, bool Scored, string? ScoredClass);

    private ChallengeCodeTable(IReadOnlyList<Entry> entries)
    {
        Entries = entries;
        _byCode = entries.ToDictionary(e => e.Code, StringComparer.Ordinal);
        ScoredClasses = [.. entries.Where(e => e.ScoredClass is not null).Select(e => e.ScoredClass!).Distinct()];
    }

    /// <summary>The table shipped with the library.</summary>
    public static ChallengeCodeTable Default { get; } = Load();

    /// <summary>Every code, the scored ones first, in the Challenge tables' order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The 26 scored classes, in the order their first code appears in the scored table.</summary>
    public IReadOnlyList<string> ScoredClasses { get; }

    /// <summary>The entry of <paramref name="code"/>, or null when the Challenge's tables do not list it.</summary>
    public Entry? Find(string code) => _byCode.GetValueOrDefault(code);

    private static ChallengeCodeTable Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the library lacks its resource {ResourceName}");
        using var text = new StreamReader(stream);
        var csv = new CsvReader(text);
        if (csv.ReadRecord() is not { Fields: ["code", "abbreviation", "name", "scored", "class"] })
            throw new InvalidOperationException($"{ResourceName} does not start with its header line");
        var entries = new List<Entry>();
        while (csv.ReadRecord() is var (_, fields))
            entries.Add(new Entry(fields[0], fields[1], fields[2], fields[3] == "1", fields[4].Length > 0 ? fields[4] : null));
        return new ChallengeCodeTable(entries);
    }
}
