namespace DBeta.MLNet;

/// <summary>What every dataset loader does with the records its index lists but the folder lacks, by <see cref="MissingRecordHandling"/>.</summary>
internal static class MissingRecordRule
{
    /// <summary>
    /// With <see cref="MissingRecordHandling.Reject"/> and any <paramref name="missing"/> (<c>id: reason</c> each), an
    /// <see cref="EcgDataException"/> on <paramref name="indexPath"/> saying <paramref name="problem"/> and naming the
    /// first ten; otherwise they join <paramref name="skipped"/>.
    /// </summary>
    public static void Apply(MissingRecordHandling handling, string indexPath, string problem, IReadOnlyList<string> missing, List<string> skipped)
    {
        if (missing.Count > 0 && handling == MissingRecordHandling.Reject)
            throw new EcgDataException(indexPath,
                $"{missing.Count} {problem}: {string.Join("; ", missing.Take(10))}{(missing.Count > 10 ? "; ..." : "")}; set MissingRecords = Skip to leave them out");
        skipped.AddRange(missing);
    }
}
