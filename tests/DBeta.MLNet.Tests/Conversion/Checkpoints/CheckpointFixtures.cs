using System.IO.Compression;
using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Checkpoints;

/// <summary>The fixtures of tests/reference/make_checkpoint_fixtures.py and what torch says they hold.</summary>
internal static class CheckpointFixtures
{
    public sealed record ExpectedTensor(string Name, int[] Shape, string DType, uint[] Bits);

    public static string File(string name) => RepoPaths.Fixture("checkpoints", name);

    /// <summary>The tensors of expected.json (or another file of the same form), in file order.</summary>
    public static IReadOnlyList<ExpectedTensor> ExpectedTensors(string file = "expected.json")
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File(file)));
        var tensors = doc.RootElement.TryGetProperty("tensors", out var t) ? t : doc.RootElement;
        return tensors.EnumerateObject().Select(p => new ExpectedTensor(
            p.Name,
            p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
            p.Value.GetProperty("dtype").GetString()!,
            p.Value.GetProperty("bits").EnumerateArray().Select(b => b.GetUInt32()).ToArray())).ToList();
    }

    public static IReadOnlyList<string> ExpectedSkippedKeys()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File("expected.json")));
        return doc.RootElement.GetProperty("skipped_keys").EnumerateArray().Select(k => k.GetString()!).ToList();
    }

    /// <summary>Asserts that <paramref name="actual"/> holds exactly the expected values (bit for bit), shape and dtype.</summary>
    public static void AssertTensor(ExpectedTensor expected, WeightTensor actual)
    {
        Assert.AreEqual(expected.Name, actual.Name);
        CollectionAssert.AreEqual(expected.Shape, actual.Shape, $"shape of {expected.Name}");
        Assert.AreEqual(expected.DType, actual.SourceDType, $"dtype of {expected.Name}");
        var bits = actual.Data.Select(BitConverter.SingleToUInt32Bits).ToArray();
        CollectionAssert.AreEqual(expected.Bits, bits, $"values of {expected.Name}");
    }

    /// <summary>
    /// Copies the zip archive <paramref name="source"/> to <paramref name="destination"/>, letting
    /// <paramref name="rewrite"/> change a record's bytes (return them unchanged to keep it, null to drop it).
    /// </summary>
    public static void RewriteArchive(string source, string destination, Func<string, byte[], byte[]?> rewrite)
    {
        using var input = ZipFile.OpenRead(source);
        using var output = ZipFile.Open(destination, ZipArchiveMode.Create);
        foreach (var entry in input.Entries)
        {
            byte[] bytes;
            using (var s = entry.Open())
            using (var ms = new MemoryStream())
            {
                s.CopyTo(ms);
                bytes = ms.ToArray();
            }
            byte[]? changed = rewrite(entry.FullName, bytes);
            if (changed is null) continue;
            var copy = output.CreateEntry(entry.FullName, CompressionLevel.NoCompression);
            using var w = copy.Open();
            w.Write(changed);
        }
    }

    /// <summary>The bytes of one record of a zip archive.</summary>
    public static byte[] ReadRecord(string archive, string suffix)
    {
        using var zip = ZipFile.OpenRead(archive);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(suffix, StringComparison.Ordinal));
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
