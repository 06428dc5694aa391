using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Microsoft.ML;
using DBeta.MLNet.Tests.ScaleOut;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>What the campaigns over the Parquet parts, manifests, prompts and config.json found, each pinned to its typed error.</summary>
public sealed partial class FuzzRegressionTests
{
    private static void ParquetReadFails(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingParquetFuzzTests.ReadAll(new MLContext().Data.LoadEmbeddingsFromParquet(path)));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.StartsWith(e.Message, path + ": ");
        Assert.IsLessThan(64L << 20, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] WithFooter(byte[] file, Func<int, byte[]> footer)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        byte[] copy = (byte[])file.Clone();
        footer(length).CopyTo(copy, file.Length - 8 - length);
        return copy;
    }

    [TestMethod]
    public void AParquetFooterWhoseIntegerRunsPastItsEndIsATypedErrorNotAHang()
    {
        // Parquet.Net 6.1 read the -1 of its exhausted footer stream as 0xFF and looped forever in ReadVarInt.
        using var temp = new TempFolder();
        string path = temp.File("e.parquet");
        File.WriteAllBytes(path, WithFooter(EmbeddingParquetFuzzTests.Write(), n => [0x15, .. Enumerable.Repeat((byte)0xFF, n - 1)]));
        var read = Task.Run(() => ParquetReadFails(path));
        Assert.IsTrue(read.Wait(TimeSpan.FromSeconds(20)), "reading did not end");
    }

    [TestMethod]
    public void AParquetStringClaimingAGigabyteIsRefusedBeforeItIsAllocated()
    {
        Assert.IsTrue(ParquetLayoutCheck.Available, "Parquet.Net's internal Thrift reader moved: the footer and page header checks are off");
        using var temp = new TempFolder();
        string path = temp.File("e.parquet");
        File.WriteAllBytes(path, WithFooter(EmbeddingParquetFuzzTests.Write(), n => [0x18, 0x80, 0x80, 0x80, 0x80, 0x04, .. new byte[n - 6]]));
        ParquetReadFails(path);
        Assert.AreEqual("a string claims 1073741824 bytes, more than remain", ThriftCompactWalker.Check([0x18, 0x80, 0x80, 0x80, 0x80, 0x04, 0]));
        Assert.AreEqual("a list claims 15 items, more than its bytes can hold", ThriftCompactWalker.Check([0x19, 0xF5, 0x0F, 0]));
        Assert.IsNull(ThriftCompactWalker.Check([0x15, 0x02, 0x19, 0x25, 0x02, 0x04, 0]));
    }

    [TestMethod]
    [DataRow(149, new byte[] { 0xFF, 0xFF }, DisplayName = "an encoding of -57344 (Parquet.Net: ParquetException)")]
    [DataRow(1931, new byte[] { 0xFF }, DisplayName = "a Thrift type of 15 (Parquet.Net: ThriftProtocolException)")]
    public void ParquetNetsOwnFailuresAreTypedErrors(int at, byte[] bytes)
    {
        using var temp = new TempFolder();
        string path = temp.File("e.parquet");
        byte[] file = EmbeddingParquetFuzzTests.Write();
        bytes.CopyTo(file, at);
        File.WriteAllBytes(path, file);
        ParquetReadFails(path);
    }

    [TestMethod]
    public void AParquetDictionaryPageCopiedOverTheDataIsATypedError()
    {
        // The campaign's "dup135@598->733": Parquet.Net threw NullReferenceException from ReadDictionaryPageAsync.
        using var temp = new TempFolder();
        string path = temp.File("e.parquet");
        byte[] file = EmbeddingParquetFuzzTests.Write();
        File.WriteAllBytes(path, [.. file[..733], .. file[598..733], .. file[733..]]);
        ParquetReadFails(path);
    }

    [TestMethod]
    public void ManifestsWithNullsDuplicatesOrHugeClaimsAreTypedErrorsBeforeAnyAllocation()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        string parts = temp.File("parts");
        EmbeddingPartsMergerTests.Embed(inputs, parts, ShardSpec.Single);
        string manifestPath = new EmbeddingPartNames(parts, ShardSpec.Single).Manifest;
        string original = File.ReadAllText(manifestPath);
        (string Edit, Action<JsonObject> Apply, string Problem)[] cases =
        [
            ("dropped = null", m => m["dropped"] = null, "'dropped', 'files' and 'inputs' must be lists"),
            ("files[0].name = null", m => m["files"]![0]!["name"] = null, "a file has no name"),
            ("files[0].sha256 = null", m => m["files"]![0]!["sha256"] = null, "a file has no name or SHA-256"),
            ("an input twice", m => m["inputs"]!.AsArray().Add(m["inputs"]![0]!.DeepClone()), "an input is listed twice"),
            ("shard_count = int.MaxValue", m => m["shard_count"] = int.MaxValue, "is named part-00000-of-00001.json"),
            ("records = int.MaxValue", m => m["inputs"]![0]!["records"] = int.MaxValue, "its inputs hold more than"),
            ("records = 2^30", m => m["inputs"]![0]!["records"] = 1 << 30, "rows and 0 dropped records"),
        ];
        foreach (var (edit, apply, problem) in cases)
        {
            var manifest = JsonNode.Parse(original)!.AsObject();
            apply(manifest);
            EmbeddingPartsFuzzTests.FixInputsSha(manifest); // the edit reaches the merge, not the edit check
            File.WriteAllText(manifestPath, manifest.ToJsonString());
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMerger.Merge(parts, temp.File("all.parquet")), edit);
            Assert.IsLessThan(64L << 20, GC.GetAllocatedBytesForCurrentThread() - before, edit);
            StringAssert.Contains(e.Message, problem, edit);
        }
    }

    [TestMethod]
    public void AnIdsCsvWithAnUnclosedQuoteIsATypedError()
    {
        using var temp = new TempFolder();
        string path = temp.File("x.ids.csv");
        File.WriteAllText(path, "Id,SourceFile,RowIndex\n\"a,b.h5,0\n");
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingIdsCsv.Read(path).ToList());
        StringAssert.Contains(e.Message, "a quoted field is not closed");
        Assert.AreEqual(path, e.FilePath);
    }

    [TestMethod]
    [DataRow(new byte[] { 0xC3 }, DisplayName = "a cut UTF-8 sequence")]
    [DataRow(new byte[] { 0xED, 0xA0, 0x80 }, DisplayName = "an encoded surrogate")]
    [DataRow(new byte[] { 0x5C, 0x75, 0x44, 0x38, 0x30, 0x30 }, DisplayName = "a lone \\uD800 escape")]
    public void PromptsAndConfigsWithInvalidTextAreTypedErrors(byte[] bad)
    {
        // Utf8JsonReader and JsonElement check a string's encoding only when it is read, with InvalidOperationException.
        using var temp = new TempFolder();
        string prompts = temp.File("prompts.json");
        File.WriteAllBytes(prompts, [.. "{\"AF\": \"atrial "u8, .. bad, .. "\"}"u8]);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => PromptSet.Load(prompts));
        Assert.AreEqual(prompts, e.FilePath);
        StringAssert.Contains(e.Message, "not valid text");

        string config = temp.File("config.json");
        File.WriteAllBytes(config, [.. "{\"model\": {\"conv_feature_layers\": \"[(256, 2, 2)] "u8, .. bad, .. "\"}}"u8]);
        var c = Assert.ThrowsExactly<ModelFormatException>(() => DBetaConfig.Load(config));
        Assert.AreEqual(config, c.FilePath);
        StringAssert.Contains(c.Message, "not valid text");
    }
}
