using System.Buffers.Binary;
using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Checkpoints;

[TestClass]
public sealed class SafetensorsReaderTests
{
    [TestMethod]
    public void ReadsEveryTensorExactlyAsTorchHasIt()
    {
        string path = CheckpointFixtures.File("sample.safetensors");
        var sd = SafetensorsReader.Read(path);
        Assert.AreEqual("safetensors", sd.Format);
        Assert.AreEqual(0, sd.SkippedKeys.Count);
        var expected = CheckpointFixtures.ExpectedTensors();
        Assert.AreEqual(expected.Count, sd.Tensors.Count);
        foreach (var e in expected) CheckpointFixtures.AssertTensor(e, sd.Require(e.Name));
    }

    [TestMethod]
    public void DescribeAndMetadataComeFromTheHeader()
    {
        string path = CheckpointFixtures.File("sample.safetensors");
        var summary = SafetensorsReader.Describe(path);
        var expected = CheckpointFixtures.ExpectedTensors().ToDictionary(e => e.Name);
        Assert.AreEqual(expected.Count, summary.Tensors.Count);
        foreach (var t in summary.Tensors)
        {
            CollectionAssert.AreEqual(expected[t.Name].Shape, t.Shape, t.Name);
            Assert.AreEqual(expected[t.Name].DType, t.DType, t.Name);
        }
        Assert.AreEqual("pt", SafetensorsReader.ReadMetadata(path)["format"]);
    }

    [TestMethod]
    public void AgreesWithTheTorchCheckpoint()
    {
        var fromTorch = TorchCheckpointReader.Read(CheckpointFixtures.File("sample.pt"));
        var fromSafetensors = SafetensorsReader.Read(CheckpointFixtures.File("sample.safetensors"));
        foreach (var (name, t) in fromTorch.Tensors)
            CollectionAssert.AreEqual(t.Data, fromSafetensors.Require(name).Data, name);
    }

    [TestMethod]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "spans bytes [0, 8) of a data section of 4 bytes", DisplayName = "offsets past the data")]
    [DataRow("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "needs 12", DisplayName = "shape disagrees with offsets")]
    [DataRow("""{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", 8, "unknown dtype 'Q4'", DisplayName = "unknown dtype")]
    [DataRow("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "not a size", DisplayName = "negative dimension")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "spans bytes", DisplayName = "reversed offsets")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2]}}""", 8, "no data_offsets", DisplayName = "missing offsets")]
    [DataRow("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, "lists tensor 'w' twice", DisplayName = "duplicate")]
    [DataRow("""{"w":{"dtype":"F32","shape":[65536,65536,65536],"data_offsets":[0,8]}}""", 8, "more elements than one array", DisplayName = "huge shape")]
    [DataRow("""{"w":[1,2]}""", 8, "not described by an object", DisplayName = "not an object")]
    [DataRow("""{"w":{"dtype":"F32",""", 8, "not valid JSON", DisplayName = "broken json")]
    [DataRow("""{"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", 8, "no float32 conversion", DisplayName = "complex")]
    public void MalformedHeadersRaiseModelFormatException(string header, int dataBytes, string problem)
    {
        using var temp = new TempFolder();
        string path = temp.File("bad.safetensors");
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => SafetensorsReader.Read(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, problem);
    }

    [TestMethod]
    public void AHeaderThatIsNotUtf8IsRejected()
    {
        using var temp = new TempFolder();
        string path = temp.File("latin1.safetensors");
        byte[] json = [.. "{\"wX\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}"u8];
        json[3] = 0xe9; // 'X' becomes a lone Latin-1 byte inside the tensor name
        var bytes = new byte[8 + json.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => SafetensorsReader.Read(path)).Message, "not valid UTF-8");
    }

    [TestMethod]
    public void AHeaderLengthBeyondTheFileIsRejectedBeforeAllocating()
    {
        using var temp = new TempFolder();
        string path = temp.File("huge.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue - 3);
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => SafetensorsReader.Read(path));
        StringAssert.Contains(e.Message, "but only 8 follow");

        File.WriteAllBytes(path, [1, 2, 3]);
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => SafetensorsReader.Read(path)).Message, "too short");
    }

    [TestMethod]
    public void EveryTruncationFailsCleanly()
    {
        using var temp = new TempFolder();
        byte[] good = File.ReadAllBytes(CheckpointFixtures.File("sample.safetensors"));
        string path = temp.File("cut.safetensors");
        for (int length = 0; length < good.Length; length += 5)
        {
            File.WriteAllBytes(path, good[..length]);
            var e = Assert.ThrowsExactly<ModelFormatException>(() => SafetensorsReader.Read(path), $"cut at {length}");
            Assert.AreEqual(path, e.FilePath);
        }
    }
}
