using System.Globalization;

namespace DBeta.MLNet;

/// <summary>
/// The files of shard <c>i</c> of <c>n</c> in a parts folder: <c>part-0000i-of-0000n.parquet</c> (or <c>.npy</c> and
/// <c>.ids.csv</c>), its manifest <c>part-0000i-of-0000n.json</c>, and while it runs a lock file and a hidden work
/// folder of checkpoint segments.
/// </summary>
internal sealed class EmbeddingPartNames(string folder, ShardSpec shard)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string Stem { get; } = string.Create(CultureInfo.InvariantCulture, $"part-{shard.Index:D5}-of-{shard.Count:D5}");

    public string Manifest => Path.Combine(Folder, Stem + ".json");

    public string Parquet => Path.Combine(Folder, Stem + ".parquet");

    public string Npy => Path.Combine(Folder, Stem + ".npy");

    public string IdsCsv => Path.Combine(Folder, Stem + ".ids.csv");

    public string Lock => Path.Combine(Folder, "." + Stem + ".lock");

    public string WorkFolder => Path.Combine(Folder, "." + Stem + ".work");

    public string Segment(int number) => Path.Combine(WorkFolder, string.Create(CultureInfo.InvariantCulture, $"seg-{number:D6}.parquet"));

    /// <summary>The finished segments in order (temporary files of an interrupted write are not listed).</summary>
    public string[] Segments() => Directory.Exists(WorkFolder)
        ? [.. Directory.GetFiles(WorkFolder, "seg-*.parquet").Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)]
        : [];

    /// <summary>Manifests in a parts folder, in shard order.</summary>
    public static string[] Manifests(string folder) =>
        [.. Directory.GetFiles(folder, "part-*-of-*.json").Order(StringComparer.Ordinal)];
}
