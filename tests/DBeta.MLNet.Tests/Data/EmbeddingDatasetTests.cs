using System.Buffers.Binary;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Data;

[TestClass]
public sealed class EmbeddingDatasetTests
{
    private static string Probes(string file) => RepoPaths.Fixture("probes", file);

    [TestMethod]
    public void LoadsTheNpyMatrixAndTheGoldStandardLabels()
    {
        var data = EmbeddingDataset.Load(Probes("train_embeddings.npy"), Probes("train_labels.csv"));
        Assert.AreEqual(600, data.RowCount);
        Assert.AreEqual(64, data.Dimension);
        CollectionAssert.AreEqual(CodeLabels.Names.ToArray(), data.LabelNames.ToArray());
        Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 64), data.Schema["Embedding"].Type);
        Assert.AreEqual(BooleanDataViewType.Instance, data.Schema["AF"].Type);
        Assert.AreEqual(600L, data.GetRowCount());

        // Against the file's own bytes: a version-1 .npy header, then little-endian float32 in C order.
        byte[] bytes = File.ReadAllBytes(Probes("train_embeddings.npy"));
        int start = 10 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        float Raw(int row, int col) => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(start + 4 * (row * 64 + col)));
        var embeddings = data.GetColumn<float[]>("Embedding").ToArray();
        foreach (int row in new[] { 0, 1, 299, 599 })
            for (int col = 0; col < 64; col++)
                Assert.AreEqual(Raw(row, col), embeddings[row][col]);

        // Against the CSV: count of positives per label.
        var lines = File.ReadAllLines(Probes("train_labels.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        for (int j = 0; j < 6; j++)
            Assert.AreEqual(lines.Count(f => f[j] == "1"), new MLContext(0).Data.CreateEnumerable<BoolRow>(
                new MLContext(0).Transforms.CopyColumns("Value", CodeLabels.Names[j]).Fit(data).Transform(data), false).Count(r => r.Value));
    }

    [TestMethod]
    public void LabelNamesPickColumnsAndEmbeddingsLoadAlone()
    {
        var picked = EmbeddingDataset.Load(Probes("test_embeddings.npy"), Probes("test_labels.csv"), ["ST", "AF"], "E");
        CollectionAssert.AreEqual(new[] { "E", "ST", "AF" }, picked.Schema.Select(c => c.Name).ToArray());
        var bare = EmbeddingDataset.Load(Probes("test_embeddings.npy"));
        Assert.AreEqual(1, bare.Schema.Count);
        Assert.AreEqual(300, bare.RowCount);
    }

    [TestMethod]
    public void Float64MatricesAreReadAsSingle()
    {
        using var temp = new TempFolder();
        string path = temp.File("f8.npy");
        double[] values = [1.5, -2.25, 3e-3, 1e10, 0, 7];
        WriteNpy(path, "<f8", "(2, 3)", values.SelectMany(v => BitConverter.GetBytes(v)).ToArray());
        var data = EmbeddingDataset.Load(path);
        Assert.AreEqual(3, data.Dimension);
        var rows = data.GetColumn<float[]>("Embedding").ToArray();
        CollectionAssert.AreEqual(values.Select(v => (float)v).ToArray(), rows.SelectMany(r => r).ToArray());
    }

    [TestMethod]
    public void BadFilesAreDataErrorsNamingTheFile()
    {
        using var temp = new TempFolder();
        string npy = temp.File("e.npy");
        var floats = new byte[4 * 6];

        WriteNpy(npy, "<i4", "(2, 3)", floats);
        AssertDataError(npy, () => EmbeddingDataset.Load(npy), "dtype '<i4' is not supported");
        WriteNpy(npy, "<f4", "(2, 3, 1)", floats);
        AssertDataError(npy, () => EmbeddingDataset.Load(npy), "has shape (2, 3, 1); expected a matrix [N, D]");
        WriteNpy(npy, "<f4", "(3, 3)", floats);
        AssertDataError(npy, () => EmbeddingDataset.Load(npy), "(36 bytes) but the file holds only 24 bytes");
        WriteNpy(npy, "<f4", "(2, 3)", floats, fortran: true);
        AssertDataError(npy, () => EmbeddingDataset.Load(npy), "Fortran order");
        File.WriteAllText(npy, "not numpy at all");
        AssertDataError(npy, () => EmbeddingDataset.Load(npy), "not a NumPy .npy file");
        WriteNpy(npy, "<f4", "(2, 3)", BitConverter.GetBytes(float.NaN).Concat(new byte[20]).ToArray());
        AssertDataError(npy, () => EmbeddingDataset.Load(npy), "is NaN, not a finite number");

        WriteNpy(npy, "<f4", "(2, 3)", floats);
        string labels = temp.File("l.csv");
        File.WriteAllText(labels, "RBBB,AF\n0,1\n1,0\n0,0\n");
        AssertDataError(labels, () => EmbeddingDataset.Load(npy, labels), "has 3 label rows but");
        AssertDataError(labels, () => EmbeddingDataset.Load(npy, labels, ["ST"]), "has no column 'ST'");
        File.WriteAllText(labels, "RBBB,Embedding\n0,1\n1,0\n");
        AssertDataError(labels, () => EmbeddingDataset.Load(npy, labels), "the embedding column's name");
        Assert.ThrowsExactly<FileNotFoundException>(() => EmbeddingDataset.Load(temp.File("missing.npy")));
    }

    [TestMethod]
    public void CreateChecksSizesAndNames()
    {
        Assert.ThrowsExactly<ArgumentException>(() => EmbeddingDataset.Create(new float[7], 2));
        Assert.ThrowsExactly<ArgumentException>(() => EmbeddingDataset.Create(new float[6], 3, ["A"], [new bool[3]]));
        Assert.ThrowsExactly<ArgumentException>(() => EmbeddingDataset.Create(new float[6], 3, ["A", "A"], [new bool[2], new bool[2]]));
        Assert.ThrowsExactly<ArgumentException>(() => EmbeddingDataset.Create([1, float.PositiveInfinity], 2));
        var ok = EmbeddingDataset.Create([1, 2, 3, 4], 2, ["A"], [[true, false]]);
        CollectionAssert.AreEqual(new[] { true, false }, ok.GetColumn<bool>("A").ToArray());
    }

    private static void AssertDataError(string path, Action action, string problem)
    {
        var e = Assert.ThrowsExactly<EcgDataException>(action);
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(e.Message, problem);
    }

    private static void WriteNpy(string path, string descr, string shape, byte[] data, bool fortran = false)
    {
        string header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        header = header.PadRight(118) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
    }

    private sealed class BoolRow
    {
        public bool Value { get; set; }
    }
}
