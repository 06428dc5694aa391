using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// PhysioNet/CinC Challenge 2020/2021 records (WFDB header + MATLAB v4 <c>.mat</c>): the label matrix from each
/// header's <c>#Dx</c> SNOMED CT codes through <see cref="ChallengeCodeTable"/>, <c>Age</c>, <c>Sex</c>, the source
/// <c>Database</c> and the codes as written (<c>Dx</c>) as columns, and the ECGs fitted to one size
/// (<see cref="ChallengeLoaderOptions.Fit"/>). Records keep the order of their header paths (ordinal). Codes outside
/// the label set are counted in <see cref="Notes"/>; no record is left out.
/// </summary>
internal sealed class ChallengeDataset : IEcgDataset
{
    /// <summary>Column with the record's <c>#Dx</c> codes, comma-separated as written.</summary>
    public const string DxColumn = "Dx";

    private readonly ChallengeRecord[] _records;
    private readonly ChallengeLoaderOptions _options;

    private ChallengeDataset(string path, ChallengeRecord[] records, ChallengeLoaderOptions options)
    {
        Path = path;
        _records = records;
        _options = options;
        var table = ChallengeCodeTable.Default;
        var outside = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var record in records)
            foreach (string code in record.Codes)
            {
                var entry = table.Find(code);
                if (entry is null && options.UnknownCodes == ChallengeUnknownCodes.Reject)
                    throw new EcgDataException(record.HeaderPath,
                        $"'#Dx' code {code} is in neither of the Challenge's SNOMED CT tables; set UnknownCodes = Keep to keep it by its code", record.Id);
                if (entry?.ScoredClass is null) outside[code] = outside.GetValueOrDefault(code) + 1;
            }

        // Columns: the scored classes, then (AllCodes) every other code found, in the tables' order, unknown codes last.
        var columnOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>(table.ScoredClasses);
        foreach (var entry in table.Entries)
            if (entry.ScoredClass is not null) columnOfCode[entry.Code] = names.IndexOf(entry.ScoredClass);
        if (options.LabelSet == ChallengeLabelSet.AllCodes)
        {
            var found = outside.Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var entry in table.Entries)
                if (found.Remove(entry.Code)) { columnOfCode[entry.Code] = names.Count; names.Add(entry.Abbreviation); }
            foreach (string code in found.Order(StringComparer.Ordinal)) { columnOfCode[code] = names.Count; names.Add(code); }
        }

        var values = new float[records.Length * names.Count];
        for (int r = 0; r < records.Length; r++)
            foreach (string code in records[r].Codes)
                if (columnOfCode.TryGetValue(code, out int column)) values[r * names.Count + column] = 1;
        Ids = [.. records.Select(r => r.Id)];
        var duplicate = Ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new EcgDataException(path, $"record {duplicate.Key} appears twice ({string.Join(", ", records.Where(r => r.Id == duplicate.Key).Select(r => r.HeaderPath))})", duplicate.Key);
        Labels = EcgLabels.FromValues(path, DBetaColumnNames.Id, names, Ids, values);
        CodesOutsideLabelSet = outside;
        if (options.LabelSet == ChallengeLabelSet.Scored)
            Notes = [.. outside.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"code {p.Key} ({table.Find(p.Key)?.Abbreviation ?? "not in the Challenge tables"}) in {p.Value} record(s): not a scored class, kept in the {DxColumn} column"))];
        else
            Notes = [];
    }

    /// <inheritdoc/>
    public string Path { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Ids { get; }

    /// <inheritdoc/>
    public EcgLabels Labels { get; }

    /// <summary>Nothing: every record is kept, with all-zero labels when none of its codes is in the set.</summary>
    public IReadOnlyList<string> Skipped => [];

    /// <summary>The codes outside the scored classes (unscored, or unknown when kept) and in how many records each appears.</summary>
    public IReadOnlyDictionary<string, int> CodesOutsideLabelSet { get; }

    /// <summary>One line per code outside the label set (none with <see cref="ChallengeLabelSet.AllCodes"/>, where each has a column).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// The SNOMED CT name of <paramref name="label"/>: a scored class by the entry that gives the class its name (a
    /// merged pair by its first-named code: RBBB "right bundle branch block"), another code by its abbreviation's entry,
    /// a code outside the tables by none (null).
    /// </summary>
    public string? DescribeLabel(string label)
    {
        var entries = ChallengeCodeTable.Default.Entries;
        var entry = entries.FirstOrDefault(e => e.ScoredClass == label && e.Abbreviation == label)
            ?? entries.FirstOrDefault(e => e.Abbreviation == label)
            ?? ChallengeCodeTable.Default.Find(label);
        return entry?.Name;
    }

    /// <summary>The parsed header comments of each record, in load order.</summary>
    public IReadOnlyList<ChallengeRecord> Records => _records;

    /// <summary>Reads the headers of a folder (with subfolders unless the options say otherwise) or one header.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">A header is bad, lacks <c>#Dx</c>, or holds a malformed or (by default) unknown code.</exception>
    public static ChallengeDataset Open(string folderOrHeader, ChallengeLoaderOptions? options = null)
    {
        options ??= new ChallengeLoaderOptions();
        var headers = WfdbEcgSource.FindHeaders(folderOrHeader, options.IncludeSubfolders);
        if (headers.Count == 0) throw new EcgDataException(folderOrHeader, "has no WFDB records (no .hea files)");
        return Open(folderOrHeader, headers, options);
    }

    /// <summary>Reads the listed headers, in that order.</summary>
    public static ChallengeDataset Open(string path, IReadOnlyList<string> headerPaths, ChallengeLoaderOptions? options = null)
    {
        options ??= new ChallengeLoaderOptions();
        if (options.Labels is not null)
            throw new ArgumentException("Challenge records bring their own labels (#Dx); leave Labels unset", nameof(options));
        var records = headerPaths.Select(h => ChallengeRecord.From(WfdbHeader.Read(h))).ToArray();
        return new ChallengeDataset(path, records, options);
    }

    /// <inheritdoc/>
    public IEcgSource OpenSource() => new WfdbEcgSource([.. _records.Select(r => r.Header)], WfdbOptions()); // headers parsed once, here

    /// <summary>The loader options of the view: block size, NaN policy, the labels and the per-record columns.</summary>
    public EcgLoaderOptions ViewOptions() => new()
    {
        BlockSize = _options.BlockSize,
        InvalidValues = _options.InvalidValues,
        Labels = Labels,
        RecordColumns = new EcgRecordColumns()
            .AddText(DxColumn, [.. _records.Select(r => string.Join(',', r.Codes))])
            .AddText("Sex", [.. _records.Select(r => r.Sex)])
            .AddText("Database", [.. _records.Select(r => r.Database)])
            .AddNumber("Age", [.. _records.Select(r => r.Age)]),
        Notes = Notes,
        IncludeSourceColumns = _options.IncludeSourceColumns,
    };

    private WfdbEcgLoaderOptions WfdbOptions() => new()
    {
        Fit = _options.Fit,
        Windows = _options.Windows,
        ZeroFillMissingLeads = _options.ZeroFillMissingLeads,
        BlockSize = _options.BlockSize,
        InvalidValues = _options.InvalidValues,
    };
}
