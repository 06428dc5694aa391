using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Checkpoints;

[TestClass]
public sealed class TorchCheckpointReaderTests
{
    [TestMethod]
    public void ReadsEveryStateDictTensorExactlyAsTorchHasIt()
    {
        string path = CheckpointFixtures.File("sample.pt");
        var sd = TorchCheckpointReader.Read(path);

        Assert.AreEqual(path, sd.SourcePath);
        Assert.AreEqual("pytorch-zip", sd.Format);
        var expected = CheckpointFixtures.ExpectedTensors();
        CollectionAssert.AreEqual(expected.Select(e => e.Name).ToList(), sd.Tensors.Keys.ToList(), "tensor names in file order");
        foreach (var e in expected) CheckpointFixtures.AssertTensor(e, sd.Tensors[e.Name]);
    }

    [TestMethod]
    public void ListsTheKeysThatAreNotStateDictTensors()
    {
        var sd = TorchCheckpointReader.Read(CheckpointFixtures.File("sample.pt"));
        CollectionAssert.AreEquivalent(CheckpointFixtures.ExpectedSkippedKeys().ToList(), sd.SkippedKeys.ToList());
        Assert.IsFalse(sd.Tensors.Keys.Any(k => k.Contains("exp_avg")), "optimizer moments are not weights");
    }

    [TestMethod]
    public void ConvertsViewsSharedStoragesAndSpecialValues()
    {
        var sd = TorchCheckpointReader.Read(CheckpointFixtures.File("sample.pt"));
        // The fixture's half tensor ends with -0, +inf, -inf, the smallest subnormal and 65504 (see the script).
        var half = sd.Require("half.weight").Data;
        Assert.IsTrue(float.IsNegative(half[5]) && half[5] == 0f);
        Assert.AreEqual(float.PositiveInfinity, half[6]);
        Assert.AreEqual(float.NegativeInfinity, half[7]);
        Assert.AreEqual(MathF.Pow(2, -24), half[8]);
        Assert.AreEqual(65504f, half[9]);
        Assert.AreEqual(0, sd.Require("scalar.temp").Shape.Length, "0-d tensors keep an empty shape");
        Assert.AreEqual(1, sd.Require("scalar.temp").ElementCount);
        CollectionAssert.AreEqual(new[] { 0, 3 }, sd.Require("empty.weight").Shape);
        CollectionAssert.AreEqual(new[] { 5, 3 }, sd.Require("transposed.weight").Shape);
        var expanded = sd.Require("expanded.bias").Data;
        CollectionAssert.AreEqual(expanded[..3], expanded[3..], "stride-0 rows repeat");
    }

    [TestMethod]
    public void DescribeListsTensorsWithoutReadingThem()
    {
        var summary = TorchCheckpointReader.Describe(CheckpointFixtures.File("sample.pt"));
        var expected = CheckpointFixtures.ExpectedTensors();
        Assert.AreEqual("pytorch-zip", summary.Format);
        CollectionAssert.AreEqual(expected.Select(e => e.Name).ToList(), summary.Tensors.Select(t => t.Name).ToList());
        foreach (var (e, t) in expected.Zip(summary.Tensors))
        {
            CollectionAssert.AreEqual(e.Shape, t.Shape, e.Name);
            Assert.AreEqual(e.DType, t.DType, e.Name);
        }
        Assert.AreEqual(expected.Sum(e => (long)e.Bits.Length), summary.ElementCount);
        CollectionAssert.AreEquivalent(CheckpointFixtures.ExpectedSkippedKeys().ToList(), summary.SkippedKeys.ToList());
    }

    [TestMethod]
    public void ReadMetadataGivesTheOtherEntriesAsJson()
    {
        // Values as tests/reference/make_checkpoint_fixtures.py wrote them.
        var meta = TorchCheckpointReader.ReadMetadata(CheckpointFixtures.File("sample.pt"));
        CollectionAssert.AreEqual(new[] { "args", "cfg", "criterion", "epoch", "optimizer_history", "extra_state", "last_optimizer_state" },
                                  meta.Select(p => p.Key).ToList());
        Assert.AreEqual("argparse.Namespace", (string?)meta["args"]!["__class__"]);
        Assert.AreEqual("dbeta_tiny", (string?)meta["args"]!["state"]!["arch"]);
        Assert.AreEqual(5e-05, (double)meta["args"]!["state"]!["lr"]![0]!);
        Assert.AreEqual(200L, (long)meta["args"]!["state"]!["max_epoch"]!);
        Assert.IsTrue((bool)meta["args"]!["state"]!["fp16"]!);
        Assert.AreEqual(2L, (long)meta["cfg"]!["model"]!["encoder_layers"]!);
        Assert.AreEqual("[(256, 2, 2)] * 4", (string?)meta["cfg"]!["model"]!["conv_feature_layers"]);
        Assert.AreEqual(6.5, (double)meta["cfg"]!["model"]!["nested"]![0]![2]![2]!["deep"]![1]!);
        Assert.AreEqual(3L, (long)meta["epoch"]!);
        Assert.IsNull(meta["criterion"]);
        Assert.AreEqual(0.5, (double)meta["extra_state"]!["best"]!, "a numpy float64 scalar reads as a number");
        Assert.AreEqual(1.5, (double)meta["extra_state"]!["metrics"]!["loss"]!);
        Assert.AreEqual(1200L, (long)meta["optimizer_history"]![0]!["num_updates"]!);
        var moment = meta["last_optimizer_state"]!["state"]!["0"]!["exp_avg"]!;
        Assert.AreEqual("float32", (string?)moment["__tensor__"]);
        Assert.AreEqual("[4,3]", moment["shape"]!.ToJsonString());
        StringAssert.Contains(meta.ToJsonString(), "\"arch\":\"dbeta_tiny\"", "the whole tree serializes");

        var evil = TorchCheckpointReader.ReadMetadata(CheckpointFixtures.File("evil_os_system.pt"));
        Assert.AreEqual("posix.system", (string?)evil["payload"]!["__class__"]);
        Assert.AreEqual("touch \"$DBETA_PWNED_MARKER\"", (string?)evil["payload"]!["args"]![0]);
        Assert.AreEqual(0, TorchCheckpointReader.ReadMetadata(CheckpointFixtures.File("bare.pt")).Count);
    }

    [TestMethod]
    public void ReadsABareStateDictAndALightningStateDict()
    {
        var bare = TorchCheckpointReader.Read(CheckpointFixtures.File("bare.pt"));
        var expected = CheckpointFixtures.ExpectedTensors();
        Assert.AreEqual(expected.Count, bare.Tensors.Count);
        Assert.AreEqual(0, bare.SkippedKeys.Count);
        CollectionAssert.AreEqual(expected.Select(e => e.Shape).SelectMany(s => s).ToList(),
                                  bare.Tensors.Values.SelectMany(t => t.Shape).ToList());

        var lightning = TorchCheckpointReader.Read(CheckpointFixtures.File("lightning.pt"));
        CollectionAssert.AreEqual(new[] { 0f, 1, 2, 3, 4, 5 }, lightning.Require("layer.weight").Data);
        CollectionAssert.AreEqual(new[] { 0.5f, -0.5f }, lightning.Require("layer.bias").Data);
        CollectionAssert.AreEquivalent(new[] { "hyper_parameters", "global_step" }, lightning.SkippedKeys.ToList());
    }

    [TestMethod]
    public void ReadsUntypedStoragesWithDTypeGlobalsAsNewerTorchWrites()
    {
        var sd = TorchCheckpointReader.Read(CheckpointFixtures.File("untyped_v3.pt"));
        foreach (var e in CheckpointFixtures.ExpectedTensors("untyped_v3_expected.json"))
            CheckpointFixtures.AssertTensor(e, sd.Require(e.Name));
    }

    [TestMethod]
    [DataRow("evil_os_system.pt", "posix.system")]
    [DataRow("evil_eval.pt", "__builtin__.eval")] // torch.save writes protocol 2, with Python 2 module names
    [DataRow("evil_subprocess.pt", "commands.call")]
    public void NeverRunsWhatAMaliciousPickleCalls(string fixture, string callable)
    {
        using var temp = new TempFolder();
        string marker = temp.File("pwned");
        string? before = Environment.GetEnvironmentVariable("DBETA_PWNED_MARKER");
        Environment.SetEnvironmentVariable("DBETA_PWNED_MARKER", marker);
        try
        {
            var sd = TorchCheckpointReader.Read(CheckpointFixtures.File(fixture));
            CollectionAssert.AreEqual(new[] { 0f, 1, 2, 3, 4, 5 }, sd.Require("layer.weight").Data, "the model still loads");
            CollectionAssert.Contains(sd.SkippedKeys.ToList(), "payload");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DBETA_PWNED_MARKER", before);
        }
        Assert.IsFalse(File.Exists(marker), $"{callable} from the pickle was executed");

        // The payload is still visible as an inert name, proving the fixture really holds the call.
        var pickle = CheckpointFixtures.ReadRecord(CheckpointFixtures.File(fixture), "/data.pkl");
        var root = (PickleDict)Unpickler.Load(fixture, pickle)!;
        Assert.IsTrue(root.TryGetValue("payload", out object? payload));
        var obj = payload as PickleObject
                  ?? (PickleObject)((List<object?>)payload!)[0]!;
        Assert.AreEqual(callable, obj.TypeName);
    }

    [TestMethod]
    public void ReadsDeflatedRecordsLikeStoredOnes()
    {
        var stored = TorchCheckpointReader.Read(CheckpointFixtures.File("sample.pt"));
        var deflated = TorchCheckpointReader.Read(CheckpointFixtures.File("deflated.pt"));
        foreach (var (name, t) in stored.Tensors) CollectionAssert.AreEqual(t.Data, deflated.Require(name).Data, name);
    }

    [TestMethod]
    public void HonoursOffsetAndStridesOfAHandPickledView()
    {
        // Storage 0..11, offset 2, size (2, 3), stride (1, 2): torch.load gives [[2, 4, 6], [3, 5, 7]].
        var w = TorchCheckpointReader.Read(CheckpointFixtures.File("crafted_ok.pt")).Require("w");
        CollectionAssert.AreEqual(new[] { 2, 3 }, w.Shape);
        CollectionAssert.AreEqual(new[] { 2f, 4, 6, 3, 5, 7 }, w.Data);
    }

    [TestMethod]
    public void HostileTensorMetadataIsRejectedWithTheProblem()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(CheckpointFixtures.File("hostile_expected.json")));
        int cases = 0;
        foreach (var item in doc.RootElement.EnumerateObject())
        {
            string path = CheckpointFixtures.File(item.Name);
            string problem = item.Value.GetString()!;
            var read = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path), item.Name);
            Assert.AreEqual(path, read.FilePath, item.Name);
            StringAssert.Contains(read.Message, problem, item.Name);
            var describe = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Describe(path), item.Name);
            Assert.AreEqual(read.Message, describe.Message, "Describe checks what Read checks");
            cases++;
        }
        Assert.IsGreaterThanOrEqualTo(15, cases);
    }

    [TestMethod]
    public void ZipDirectorySizesThatLieAreCaught()
    {
        using var temp = new TempFolder();
        string source = CheckpointFixtures.File("sample.pt");
        byte[] good = File.ReadAllBytes(source);

        // The records Read must open: data.pkl and the storages of state-dict tensors (not the optimizer's, not version).
        var pickle = CheckpointFixtures.ReadRecord(source, "/data.pkl");
        var root = (PickleDict)Unpickler.Load(source, pickle, new TorchReconstructors())!;
        root.TryGetValue("model", out object? model);
        var used = ((PickleDict)model!).Items.Select(i => i.Value).OfType<TorchTensorRef>()
            .Select(t => "sample/data/" + t.Storage.Key).Append("sample/data.pkl").ToHashSet();

        // Central directory records: "PK\x01\x02", compressed size at +20, uncompressed size at +24, name at +46.
        int trials = 0;
        for (int record = 0; record + 46 <= good.Length; record++)
        {
            if (good[record] != 0x50 || good[record + 1] != 0x4b || good[record + 2] != 1 || good[record + 3] != 2) continue;
            string name = System.Text.Encoding.ASCII.GetString(good, record + 46, BitConverter.ToUInt16(good, record + 28));
            if (!used.Contains(name)) continue;
            uint length = BitConverter.ToUInt32(good, record + 24);
            foreach (var (field, value) in new[] { (24, 0x7fff_fff0u), (20, 0x7fff_fff0u), (24, length + 1), (24, length - 1), (20, 0xffff_fff0u) })
            {
                if (value == uint.MaxValue) continue;
                byte[] bad = (byte[])good.Clone();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(record + field), value);
                string path = temp.File($"lie{trials++}.pt");
                File.WriteAllBytes(path, bad);
                var e = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path), $"{name}: size field +{field} set to {value}");
                Assert.AreEqual(path, e.FilePath);
            }
        }
        Assert.IsGreaterThan(80, trials);
    }

    [TestMethod]
    public void AMissingFileIsReportedAsNotFound()
    {
        using var temp = new TempFolder();
        Assert.ThrowsExactly<FileNotFoundException>(() => TorchCheckpointReader.Read(temp.File("absent.pt")));
    }

    [TestMethod]
    public void ATruncatedArchiveNamesTheFile()
    {
        using var temp = new TempFolder();
        byte[] good = File.ReadAllBytes(CheckpointFixtures.File("sample.pt"));
        foreach (int length in new[] { 0, 3, 100, good.Length / 2, good.Length - 200, good.Length - 1 })
        {
            string path = temp.File($"cut{length}.pt");
            File.WriteAllBytes(path, good[..length]);
            var e = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path), $"cut at {length}");
            Assert.AreEqual(path, e.FilePath);
            StringAssert.StartsWith(e.Message, path + ": ");
        }
    }

    [TestMethod]
    public void AnUnknownOpcodeIsNamedWithItsPosition()
    {
        using var temp = new TempFolder();
        string path = temp.File("bad_opcode.pt");
        // Opcode boundaries: right after PROTO 2, and where the final STOP sits.
        foreach (bool atEnd in new[] { false, true })
        {
            int at = -1;
            CheckpointFixtures.RewriteArchive(CheckpointFixtures.File("sample.pt"), path, (name, bytes) =>
            {
                if (!name.EndsWith("/data.pkl", StringComparison.Ordinal)) return bytes;
                at = atEnd ? bytes.Length - 1 : 2;
                return [.. bytes[..at], 0xff, .. bytes[at..]];
            });
            var e = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path));
            Assert.AreEqual($"{path}: pickle opcode 0xff at byte {at} of sample/data.pkl is not a pickle opcode", e.Message);
            File.Delete(path);
        }
    }

    [TestMethod]
    public void AStorageShorterThanItsTensorsIsRejectedBeforeReading()
    {
        using var temp = new TempFolder();
        string path = temp.File("short_storage.pt");
        CheckpointFixtures.RewriteArchive(CheckpointFixtures.File("sample.pt"), path, (name, bytes) =>
            name.EndsWith("/data/0", StringComparison.Ordinal) ? bytes[..20] : bytes);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path));
        StringAssert.Contains(e.Message, "storage '0'");
        StringAssert.Contains(e.Message, "holds only 20 bytes");
        Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Describe(path));
    }

    [TestMethod]
    public void AMissingStorageRecordIsNamed()
    {
        using var temp = new TempFolder();
        string path = temp.File("no_storage.pt");
        CheckpointFixtures.RewriteArchive(CheckpointFixtures.File("sample.pt"), path, (name, bytes) =>
            name.EndsWith("/data/3", StringComparison.Ordinal) ? null : bytes);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path));
        StringAssert.Contains(e.Message, "no record 'sample/data/3'");
    }

    [TestMethod]
    public void ALegacyOrForeignFileIsRejectedWithAReason()
    {
        using var temp = new TempFolder();
        string legacy = temp.File("legacy.pt");
        File.WriteAllBytes(legacy, [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20]);
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(legacy)).Message, "legacy");

        string text = temp.File("notes.pt");
        File.WriteAllText(text, "hello, world");
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(text)).Message, "not a zip archive");

        string noPickle = temp.File("no_pickle.pt");
        CheckpointFixtures.RewriteArchive(CheckpointFixtures.File("sample.pt"), noPickle, (name, bytes) =>
            name.EndsWith("/data.pkl", StringComparison.Ordinal) ? null : bytes);
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(noPickle)).Message, "no data.pkl");
    }

    [TestMethod]
    public void EveryTruncationOfThePickleFailsCleanly()
    {
        using var temp = new TempFolder();
        byte[] pickle = CheckpointFixtures.ReadRecord(CheckpointFixtures.File("sample.pt"), "/data.pkl");
        string path = temp.File("cut.pt");
        for (int length = 0; length < pickle.Length; length += 7)
        {
            int cut = length;
            CheckpointFixtures.RewriteArchive(CheckpointFixtures.File("sample.pt"), path, (name, bytes) =>
                name.EndsWith("/data.pkl", StringComparison.Ordinal) ? bytes[..cut] : bytes);
            var e = Assert.ThrowsExactly<ModelFormatException>(() => TorchCheckpointReader.Read(path), $"pickle cut at {cut}");
            Assert.AreEqual(path, e.FilePath);
            File.Delete(path);
        }
    }

    [TestMethod]
    public void CorruptedPicklesFailCleanlyOrReadConsistently()
    {
        using var temp = new TempFolder();
        byte[] pickle = CheckpointFixtures.ReadRecord(CheckpointFixtures.File("sample.pt"), "/data.pkl");
        string source = CheckpointFixtures.File("sample.pt");
        var rng = new Random(20250);
        int failures = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bad = (byte[])pickle.Clone();
            for (int k = rng.Next(1, 4); k > 0; k--) bad[rng.Next(bad.Length)] = (byte)rng.Next(256);
            string path = temp.File($"fuzz{trial}.pt");
            CheckpointFixtures.RewriteArchive(source, path, (name, bytes) => name.EndsWith("/data.pkl", StringComparison.Ordinal) ? bad : bytes);
            try
            {
                var sd = TorchCheckpointReader.Read(path);
                foreach (var t in sd.Tensors.Values) Assert.AreEqual(t.Shape.Aggregate(1L, (a, b) => a * b), t.Data.LongLength);
            }
            catch (ModelFormatException e)
            {
                Assert.AreEqual(path, e.FilePath);
                failures++;
            }
            File.Delete(path);
        }
        Assert.IsGreaterThan(50, failures, "most random corruptions must be detected");
    }
}
