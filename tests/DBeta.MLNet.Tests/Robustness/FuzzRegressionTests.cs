using System.Buffers.Binary;
using DBeta.MLNet.Onnx.Proto;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// The inputs the fuzz campaigns found crashing or over-allocating, re-created byte for byte from the fixtures, each
/// pinned to the typed error it now ends in.
/// </summary>
[TestClass]
public sealed partial class FuzzRegressionTests
{
    private static byte[] H5(string name) => File.ReadAllBytes(RepoPaths.Fixture("data", "hdf5", name));

    private static EcgDataException OpenFails(string path)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsExactly<EcgDataException>(() => new Hdf5EcgSource(path).Dispose());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(path, e.FilePath);
        Assert.IsLessThan(64L << 20, allocated, $"opening allocated {allocated} bytes");
        return e;
    }

    [TestMethod]
    [DataRow("code_chunked.h5", 51476, DisplayName = "cut inside the data (PureHDF: EndOfStreamException)")]
    [DataRow("code_gzip_shuffle.h5", 900, DisplayName = "cut inside the dataset's object header")]
    [DataRow("code_contiguous.h5", 700, DisplayName = "cut inside the root group's heap")]
    public void ATruncatedHdf5FileIsATypedError(string fixture, int length)
    {
        using var temp = new TempFolder();
        string path = temp.File("cut.h5");
        File.WriteAllBytes(path, H5(fixture)[..length]);
        var e = Assert.ThrowsExactly<EcgDataException>(() =>
        {
            using var source = new Hdf5EcgSource(path);
            source.ReadBlock(0, source.Count, new float[source.Count * 12 * source.SampleCount]);
        });
        Assert.AreEqual(path, e.FilePath);
    }

    [TestMethod]
    public void ABrokenSignatureInsideTheFileIsATypedError()
    {
        // PureHDF raised a bare System.Exception ("The signature ... is invalid") from LinkExists.
        using var temp = new TempFolder();
        byte[] bytes = H5("code_chunked.h5");
        foreach (string signature in new[] { "HEAP", "TREE", "SNOD" })
        {
            byte[] copy = (byte[])bytes.Clone();
            int at = ByteMutator.IndexOf(copy, System.Text.Encoding.ASCII.GetBytes(signature));
            Assert.IsGreaterThanOrEqualTo(0, at, signature);
            copy[at] = (byte)'X';
            string path = temp.File($"{signature}.h5");
            File.WriteAllBytes(path, copy);
            StringAssert.Contains(OpenFails(path).Message, "cannot read the HDF5 structure");
        }
    }

    [TestMethod]
    public void ARootHeapClaimingMoreThanTheFileIsRefusedBeforePureHdfAllocatesIt()
    {
        // Fuzz case: int64 0x57fffe... over the heap's data segment size made PureHDF allocate 1.4 GB before failing.
        using var temp = new TempFolder();
        byte[] bytes = H5("code_float64.h5");
        ulong heap = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(88));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)heap + 8), 0x57fffe00);
        string path = temp.File("heap.h5");
        File.WriteAllBytes(path, bytes);
        StringAssert.Contains(OpenFails(path).Message, "the root group's name heap claims 1476394496 bytes");
    }

    [TestMethod]
    public void AChunkedDatasetClaimingFarMoreChunksThanTheFileHoldsIsRefused()
    {
        // Fuzz case: T = 1048576 in code_chunked.h5's [5, 400, 12] passed the per-record check and a read of six records
        // allocated 1.9 GB of fill values.
        using var temp = new TempFolder();
        byte[] bytes = H5("code_chunked.h5");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(832 + 8), 1 << 20);
        string path = temp.File("sparse.h5");
        File.WriteAllBytes(path, bytes);
        StringAssert.Contains(OpenFails(path).Message, "claims shape [5, 1048576, 12] but the file holds only");
    }

    [TestMethod]
    public void AFillValueClaimingGigabytesStillEndsInTheTypedError()
    {
        // PureHDF 2.2 allocates a fill value's claimed size before reading it (a known limit, counted apart by the fuzz
        // table); the source must still end in its typed error, and a failed allocation must too.
        using var temp = new TempFolder();
        byte[] bytes = H5("code_contiguous.h5");
        // Fill value message v2 with a defined value: version 2, allocation time, fill time, defined = 1, size (uint32).
        int at = ByteMutator.IndexOf(bytes, [0x05, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02]);
        if (at < 0) Assert.Inconclusive("the fixture has no defined fill value message");
        bytes[at + 8 + 3] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8 + 4), 0x10000000);
        string path = temp.File("fill.h5");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<EcgDataException>(() => new Hdf5EcgSource(path).Dispose());
        Assert.AreEqual(path, e.FilePath);
    }

    [TestMethod]
    [DataRow("/etc/hostname")]
    [DataRow("../outside.dat")]
    [DataRow("sub/../../outside.dat")]
    public void AWfdbSignalFileOutsideTheHeadersFolderIsRefused(string fileName)
    {
        // Fuzz case: a header naming /etc/hostname made the reader open and report a file outside the record.
        using var temp = new TempFolder();
        string folder = Path.Combine(temp.Path, "records");
        Directory.CreateDirectory(folder);
        string source = RepoPaths.Fixture("data", "wfdb", "good", "rec16.hea");
        File.Copy(Path.ChangeExtension(source, ".dat"), Path.Combine(folder, "rec16.dat"));
        File.Copy(Path.ChangeExtension(source, ".dat"), Path.Combine(temp.Path, "outside.dat"));
        string header = Path.Combine(folder, "rec16.hea");
        File.WriteAllLines(header, File.ReadAllLines(source).Select((l, i) => i == 3 ? fileName + l[l.IndexOf(' ')..] : l));

        var e = Assert.ThrowsExactly<EcgDataException>(() => new WfdbEcgSource(header).Dispose());
        Assert.AreEqual(header, e.FilePath);
        StringAssert.Contains(e.Message, $"signal 3: ");
        StringAssert.Contains(e.Message, fileName);
    }

    [TestMethod]
    public void ACheckpointKeyNestedAMillionTuplesDeepDoesNotOverflowTheStack()
    {
        // Fuzz case: TUPLE1 applied 10^5..10^6 times made a dict key whose text PickleJson.KeyText built recursively;
        // the stack overflow killed the process (no exception can catch it).
        using var temp = new TempFolder();
        var pickle = new PickleBytes().Proto().Op('}').Op('(').Str("model").Op('}').Op('(').Str("w").Tensor("0", 4, 0, [2, 2], [2, 1]).Op('u');
        pickle.Op('K', 1);
        for (int i = 0; i < 1_000_000; i++) pickle.Op(0x85);
        pickle.Str("value").Op('u').Op('.');
        var data = new byte[16];
        string path = temp.File("deep.pt");
        File.WriteAllBytes(path, PickleBytes.Archive([("archive/data.pkl", pickle.ToArray()), ("archive/data/0", data), ("archive/byteorder", "little"u8.ToArray())]));

        // A 256 KiB stack, as on a small worker thread: the key's text must not need stack in proportion to its depth.
        StateDict? state = null;
        var thread = new Thread(() => state = CheckpointReader.Read(path), 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.IsNotNull(state);
        Assert.AreEqual(1, state.Tensors.Count);
        StringAssert.StartsWith(state.SkippedKeys.Single(), "((((");
        StringAssert.Contains(state.SkippedKeys.Single(), "(...)");
    }

    [TestMethod]
    [DataRow("[\"4\", 16]")]
    [DataRow("[null, 16]")]
    [DataRow("[0, true]")]
    public void SafetensorsOffsetsThatAreNotNumbersAreATypedError(string offsets)
    {
        // Fuzz case: JsonElement.TryGetInt64 on a string, null or bool threw InvalidOperationException.
        using var temp = new TempFolder();
        byte[] json = System.Text.Encoding.UTF8.GetBytes($"{{\"w\": {{\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": {offsets}}}}}");
        var bytes = new byte[8 + json.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        string path = temp.File("w.safetensors");
        File.WriteAllBytes(path, bytes);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => CheckpointReader.Read(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, "has no data_offsets [begin, end]");
    }

    private static string EditedModel(TempFolder temp, string source, Action<ModelProto> edit)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(source));
        edit(model);
        string path = temp.File(Path.GetFileName(source));
        File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
        return path;
    }

    private static float[] Ecgs(int count, int samples) =>
        Enumerable.Range(0, count * 12 * samples).Select(i => MathF.Sin(i * 0.01f)).ToArray();

    [TestMethod]
    public void AGraphThatFailsInsideOnnxRuntimeIsAModelFormatException()
    {
        // Fuzz case: kernel_shape [2^31] on a convolution loads, then fails in Run with OnnxRuntimeException.
        using var temp = new TempFolder();
        string path = EditedModel(temp, TinyModels.EcgModel, model =>
        {
            var attribute = model.Graph.Node.Single(n => n.Name == "conv1").Attribute.Single(a => a.Name == "kernel_shape");
            attribute.Ints.Clear();
            attribute.Ints.Add(1L << 31);
        });
        using var encoder = new EcgEncoder(path);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => encoder.Embed(Ecgs(1, 500), 1, 500, new float[encoder.EmbeddingDim]));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, "ONNX Runtime cannot run the model");
    }

    [TestMethod]
    public void NaNWeightsGiveAnErrorNotNaNEmbeddings()
    {
        // Fuzz case: six 0xFF bytes in a weight made every embedding NaN, returned without a word.
        using var temp = new TempFolder();
        string path = EditedModel(temp, TinyModels.EcgModel, model =>
        {
            var weight = model.Graph.Initializer.First(t => t.Name.Contains("pooler", StringComparison.Ordinal) && t.RawData.Length > 0);
            weight.RawData = Google.Protobuf.ByteString.CopyFrom(Enumerable.Repeat((byte)0xFF, weight.RawData.Length).ToArray());
        });
        using var encoder = new EcgEncoder(path);
        var e = Assert.ThrowsExactly<ModelFormatException>(() => encoder.Embed(Ecgs(2, 500), 2, 500, new float[2 * encoder.EmbeddingDim]));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, "NaN or infinite embedding value (row 0 of the batch");

        using var good = new EcgEncoder(TinyModels.EcgModel);
        var input = Ecgs(1, 500);
        input[7] = float.PositiveInfinity;
        var bad = Assert.ThrowsExactly<ArgumentException>(() => good.Embed(input, 1, 500, new float[good.EmbeddingDim]));
        StringAssert.Contains(bad.Message, "ECG 0 of the batch holds NaN or infinite values");
    }

    [TestMethod]
    public void ATextModelWithoutOutputsIsAModelFormatException()
    {
        // Fuzz case: OutputMetadata.First() on a model with no outputs threw InvalidOperationException.
        using var temp = new TempFolder();
        string path = EditedModel(temp, TinyModels.TextModel, model => model.Graph.Output.Clear());
        var e = Assert.ThrowsExactly<ModelFormatException>(() => new TextEncoder(path).Dispose());
        Assert.AreEqual(path, e.FilePath);
    }
}
