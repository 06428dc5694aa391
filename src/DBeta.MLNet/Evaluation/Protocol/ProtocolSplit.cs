using System.Globalization;

namespace DBeta.MLNet;

/// <summary>The train / validation / test part of each record of the protocol: read from a split file, the dataset's own, or made.</summary>
internal static class ProtocolSplit
{
    /// <summary>The header of a split file.</summary>
    public const string Header = "Id,Part";

    /// <summary>
    /// The parts of <paramref name="dataset"/>'s records: <see cref="EcgProtocolOptions.SplitPath"/> when given, else
    /// the dataset's own split, else <see cref="StratifiedGroupSplit"/> over its patients (or records) and labels.
    /// </summary>
    public static (EcgSplitPart[] Parts, string Source) Assign(IEcgDataset dataset, EcgProtocolOptions options)
    {
        if (options.SplitPath is { } path) return (Read(path, dataset.Ids), $"file {path}");
        if (dataset.StandardSplit is { } standard) return ([.. standard], "the dataset's own folds (train 1-8, validation 9, test 10)");
        var labels = dataset.Labels;
        var groups = dataset.PatientIds is { } patients && patients.All(p => p.Length > 0) ? patients : dataset.Ids;
        string by = ReferenceEquals(groups, dataset.Ids) ? "record" : "patient";
        var parts = StratifiedGroupSplit.Assign(groups, labels.Matrix, labels.Names.Count, options.TrainFraction, options.ValidationFraction, options.SplitSeed);
        return (parts, string.Create(CultureInfo.InvariantCulture,
            $"stratified by label, grouped by {by}, seed {options.SplitSeed}, train {options.TrainFraction:R} / validation {options.ValidationFraction:R} / test the rest"));
    }

    /// <summary>Reads a split file naming every one of <paramref name="ids"/> once.</summary>
    /// <exception cref="EcgDataException">A bad header or part, an id twice, an id not in the dataset, or a record not named.</exception>
    public static EcgSplitPart[] Read(string path, IReadOnlyList<string> ids)
    {
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++) rowOf[ids[i]] = i;
        var parts = new EcgSplitPart?[ids.Count];
        using var csv = DatasetCsv.Open(path, "split file");
        int idColumn = csv.Column("Id"), partColumn = csv.Column("Part");
        foreach (var (row, line, fields) in csv.Rows())
        {
            string id = fields[idColumn].Trim(), text = fields[partColumn].Trim();
            if (!rowOf.TryGetValue(id, out int r))
                throw new EcgDataException(path, $"row {row} (line {line}): record '{id}' is not in the dataset", id);
            if (parts[r] is not null) throw new EcgDataException(path, $"row {row} (line {line}): record '{id}' is listed twice", id);
            parts[r] = Parse(text) ?? throw new EcgDataException(path, $"row {row} (line {line}): part '{text}' is not train, validation or test", id);
        }
        int missing = Array.FindIndex(parts, p => p is null);
        if (missing >= 0)
            throw new EcgDataException(path, $"does not name {parts.Count(p => p is null)} of the dataset's {ids.Count} records, e.g. '{ids[missing]}'", ids[missing]);
        return [.. parts.Select(p => p!.Value)];
    }

    /// <summary>Writes <see cref="Header"/> and one row per record, in dataset order (atomically).</summary>
    public static void Write(string path, IReadOnlyList<string> ids, IReadOnlyList<EcgSplitPart> parts)
    {
        using var writer = new CsvFileWriter(path, ["Id", "Part"]);
        for (int i = 0; i < ids.Count; i++) writer.WriteRow(ids[i], Name(parts[i]));
        writer.Commit();
    }

    /// <summary>The name of <paramref name="part"/> in a split file.</summary>
    public static string Name(EcgSplitPart part) => part.ToString().ToLowerInvariant();

    private static EcgSplitPart? Parse(string text) => text.ToLowerInvariant() switch
    {
        "train" => EcgSplitPart.Train,
        "validation" or "valid" or "val" => EcgSplitPart.Validation,
        "test" => EcgSplitPart.Test,
        _ => null,
    };
}
