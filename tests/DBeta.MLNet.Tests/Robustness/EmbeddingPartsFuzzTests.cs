using System.Text;
using System.Text.Json.Nodes;
using Microsoft.ML;
using DBeta.MLNet.Tests.ScaleOut;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated parts folders of a sharded embedding run (Parquet parts, and <c>.npy</c> + <c>.ids.csv</c> parts) through
/// <see cref="EmbeddingPartsMerger.Merge"/> (what <c>dbeta merge</c> runs): JSON manifests with fields changed, removed,
/// retyped or set to boundary numbers (with and without a matching <c>inputs_sha256</c>), manifest bytes mutated, data
/// files mutated with their manifest's size and SHA-256 updated so the merger reads them, files deleted or copied
/// under another part's name. A merge that succeeds must hold every input record once, and, when no data file was
/// touched, exactly the ids and embeddings of the clean merge.
/// </summary>
[TestClass]
public sealed class EmbeddingPartsFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly JsonNode?[] Values =
        [0, 1, 2, -1, 3, 5, int.MaxValue, int.MinValue, 1L << 31, long.MaxValue, 1e300, 2.5, "", "1", "x", "../x", "/etc/hostname", true, null, new JsonArray(), new JsonObject()];

    [TestMethod]
    public void MutatedPartsFoldersEndInATypedErrorOrAFullMerge()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        // Two shards of each part format, and one single-shard run (what 'dbeta embed --out' merges).
        var templates = new[] { (EmbeddingPartFormat.Parquet, 2), (EmbeddingPartFormat.Npy, 2), (EmbeddingPartFormat.Parquet, 1) }.Select(t =>
        {
            var (format, shards) = t;
            string folder = temp.File($"{format}{shards}");
            for (int i = 0; i < shards; i++) Embed(inputs, folder, new ShardSpec(i, shards), format);
            return (Format: $"{format}{shards}", Folder: folder, Files: Directory.GetFiles(folder).Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToArray());
        }).ToArray();
        var clean = ReadOutput(Merge(templates[0].Folder, temp.File("clean.parquet"))).ToDictionary(r => (r.File, r.Row));
        int total = inputs.Count;

        var campaign = new FuzzCampaign("parts + manifests (dbeta merge)", seed: 0x4D52);
        var report = campaign.Run((rng, folder) =>
        {
            var template = templates[rng.Next(templates.Length)];
            string parts = Path.Combine(folder, "parts");
            Directory.CreateDirectory(parts);
            foreach (var (name, bytes) in template.Files) File.WriteAllBytes(Path.Combine(parts, name), bytes);
            string what = Mutate(parts, rng);
            return new FuzzInput(parts, $"{template.Format}: {what}");
        }, input =>
        {
            bool npy = input.Mutation.StartsWith("Npy", StringComparison.Ordinal);
            string output = Path.Combine(Path.GetDirectoryName(input.Path)!, npy ? "all.npy" : "all.parquet");
            var result = Merge(input.Path, output);
            var rows = ReadOutput(result.OutputPath);
            EcgSourceProbe.Check(rows.Count == result.Rows, $"{rows.Count} rows written, the result says {result.Rows}");
            EcgSourceProbe.Check(rows.Count + result.DroppedIds.Count == total, $"{rows.Count} rows and {result.DroppedIds.Count} dropped for {total} records");
            EcgSourceProbe.Check(rows.Select(r => (r.File, r.Row)).Distinct().Count() == rows.Count, "a record is written twice");
            if (input.Mutation.Contains("[data]", StringComparison.Ordinal)) return;
            foreach (var row in rows)
            {
                var expected = clean[(row.File, row.Row)];
                EcgSourceProbe.Check(expected.Id == row.Id && expected.Embedding.SequenceEqual(row.Embedding), $"record {row.File} row {row.Row} is not the clean merge's");
            }
        });
        report.AssertClean(TestContext);
    }

    private static EmbeddingMergeResult Merge(string parts, string output) =>
        EmbeddingPartsMerger.Merge(parts, output, output.EndsWith(".npy", StringComparison.Ordinal) ? new EmbeddingMergeOptions { IdsCsvPath = output + ".ids.csv" } : null);

    private static List<(string Id, string File, long Row, float[] Embedding)> ReadOutput(EmbeddingMergeResult result) => ReadOutput(result.OutputPath);

    private static List<(string Id, string File, long Row, float[] Embedding)> ReadOutput(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.Ordinal))
        {
            using var reader = EmbeddingParquetReader.Open(path);
            var rows = new List<(string, string, long, float[])>();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                var block = reader.ReadRowGroup(g);
                for (int r = 0; r < block.Count; r++) rows.Add((block.Ids[r], block.SourceFiles[r], block.RowIndices[r], block.Embedding(r).ToArray()));
            }
            return rows;
        }
        using var npy = NpyReader.Open(path);
        float[] values = npy.ReadAll();
        int dim = (int)npy.RowLength;
        return [.. EmbeddingIdsCsv.Read(path + ".ids.csv").Select((r, i) => (r.Id, r.SourceFile, r.RowIndex, values.AsSpan(i * dim, dim).ToArray()))];
    }

    private static void Embed(EcgInputSet inputs, string parts, ShardSpec shard, EmbeddingPartFormat format) =>
        EcgShardEmbedder.Run(new MLContext(), inputs, new EcgShardEmbedderOptions
        {
            Embedding = new EcgEmbeddingOptions { ModelPath = TinyModels.EcgModel, BatchSize = 2, IntraOpThreads = 1 },
            PartsFolder = parts,
            Shard = shard,
            PartFormat = format,
            RowGroupRows = 2,
        });

    private static string Mutate(string parts, Random rng)
    {
        var manifests = Directory.GetFiles(parts, "*.json").Order(StringComparer.Ordinal).ToArray();
        string manifestPath = manifests[rng.Next(manifests.Length)];
        string name = Path.GetFileName(manifestPath);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var dataFiles = manifest["files"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToArray();
        switch (rng.Next(10))
        {
            case < 4:
                {
                    string what = EditManifest(manifest, rng);
                    if (rng.Next(2) == 0) what += FixInputsSha(manifest);
                    File.WriteAllText(manifestPath, manifest.ToJsonString());
                    return $"{name}: {what}";
                }
            case 4:
                {
                    File.WriteAllBytes(manifestPath, ByteMutator.Mutate(File.ReadAllBytes(manifestPath), rng, out string what));
                    return $"{name} bytes: {what}";
                }
            case < 8:
                {
                    string file = dataFiles[rng.Next(dataFiles.Length)];
                    string path = Path.Combine(parts, file);
                    byte[] bytes = File.ReadAllBytes(path);
                    string what;
                    byte[] mutated = file.EndsWith(".csv", StringComparison.Ordinal) && rng.Next(2) == 0
                        ? Encoding.UTF8.GetBytes(EditCsv(Encoding.UTF8.GetString(bytes), rng, out what))
                        : ByteMutator.Mutate(bytes, rng, out what);
                    File.WriteAllBytes(path, mutated);
                    if (rng.Next(4) != 0)
                    {
                        var entry = manifest["files"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == file)!;
                        entry["bytes"] = mutated.Length;
                        entry["sha256"] = EmbeddingRunInfo.Sha256OfFile(path);
                        File.WriteAllText(manifestPath, manifest.ToJsonString());
                        what += ", manifest updated";
                    }
                    return $"{file} [data]: {what}";
                }
            case 8:
                {
                    string victim = rng.Next(2) == 0 ? manifestPath : Path.Combine(parts, dataFiles[rng.Next(dataFiles.Length)]);
                    File.Delete(victim);
                    return $"{Path.GetFileName(victim)} deleted";
                }
            default:
                {
                    string copy = new[] { "part-00005-of-00002.json", "part-00000-of-00003.json", "part-x-of-y.json", manifests[(Array.IndexOf(manifests, manifestPath) + 1) % manifests.Length] }[rng.Next(4)];
                    if (Path.GetFileName(copy) == name) copy = "part-00001-of-00002.json";
                    File.Copy(manifestPath, Path.Combine(parts, Path.GetFileName(copy)), overwrite: true);
                    return $"{name} copied to {Path.GetFileName(copy)}";
                }
        }
    }

    private static string EditManifest(JsonObject manifest, Random rng)
    {
        JsonNode? value = Values[rng.Next(Values.Length)]?.DeepClone();
        string Show(JsonNode? v) => v?.ToJsonString() ?? "null";
        switch (rng.Next(6))
        {
            case 0:
            case 1:
                {
                    var keys = manifest.Select(p => p.Key).ToArray();
                    string key = keys[rng.Next(keys.Length)];
                    if (rng.Next(5) == 0) { manifest.Remove(key); return $"without {key}"; }
                    manifest[key] = value;
                    return $"{key} = {Show(value)}";
                }
            case 2:
                {
                    var dropped = manifest["dropped"] as JsonArray ?? [];
                    var entry = new JsonObject { ["record"] = rng.Next(3) == 0 ? value : rng.Next(-2, 20), ["id"] = "999" };
                    dropped.Add(entry);
                    manifest["dropped"] = dropped;
                    return $"dropped += {entry.ToJsonString()}";
                }
            case 3:
                {
                    var files = manifest["files"]!.AsArray();
                    var file = files[rng.Next(files.Count)]!.AsObject();
                    string field = new[] { "name", "bytes", "sha256" }[rng.Next(3)];
                    if (rng.Next(6) == 0) { files.Add(file.DeepClone()); return "a file listed twice"; }
                    file[field] = value;
                    return $"files.{field} = {Show(value)}";
                }
            case 4:
                {
                    var list = manifest["inputs"]!.AsArray();
                    var input = list[rng.Next(list.Count)]!.AsObject();
                    string field = rng.Next(2) == 0 ? "path" : "records";
                    if (rng.Next(6) == 0) { list.Add(input.DeepClone()); return "an input listed twice"; }
                    input[field] = value;
                    return $"inputs.{field} = {Show(value)}";
                }
            default:
                {
                    string key = new[] { "shard_index", "shard_count", "first_record", "record_count", "rows", "embedding_dim" }[rng.Next(6)];
                    long old = manifest[key]!.GetValue<long>();
                    long changed = rng.Next(3) == 0 ? old + rng.Next(-2, 3) : new long[] { 0, -1, int.MaxValue, int.MinValue, 1 << 20, 3 }[rng.Next(6)];
                    manifest[key] = changed;
                    return $"{key} {old} -> {changed}";
                }
        }
    }

    // The manifest's inputs_sha256 follows its input list, so an edited list gets past the edit check and into the merge.
    internal static string FixInputsSha(JsonObject manifest)
    {
        try
        {
            var entries = manifest["inputs"]!.AsArray().Select(i => new EmbeddingRunInfo.InputEntry(i!["path"]!.GetValue<string>(), i["records"]!.GetValue<int>())).ToList();
            manifest["inputs_sha256"] = EcgInputSet.FingerprintOf(EmbeddingRunInfo.FromEntries(entries));
            return " (inputs_sha256 updated)";
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException)
        {
            return "";
        }
    }

    private static string EditCsv(string text, Random rng, out string what)
    {
        var lines = text.Split('\n').ToList();
        int line = rng.Next(lines.Count);
        switch (rng.Next(4))
        {
            case 0:
                lines.Insert(line, lines[rng.Next(lines.Count)]);
                what = $"ids line {line} duplicated";
                break;
            case 1:
                lines.RemoveAt(line);
                what = $"ids line {line} removed";
                break;
            case 2:
                {
                    var fields = lines[line].Split(',');
                    int f = rng.Next(fields.Length);
                    fields[f] = new[] { "", "-1", "99", "x", "\"", "9223372036854775808", "a.h5" }[rng.Next(7)];
                    lines[line] = string.Join(',', fields);
                    what = $"ids line {line} field {f} = '{fields[f]}'";
                    break;
                }
            default:
                lines[line] = lines[line] + ",extra";
                what = $"ids line {line} gets a field";
                break;
        }
        return string.Join('\n', lines);
    }
}
