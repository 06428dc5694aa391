using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Graph;

[TestClass]
public sealed class OnnxRowModelWriterTests
{
    private const int Samples = 1000;

    private static float[] Ecg(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 12 * Samples).Select(t => (float)(Math.Sin(t * 0.013) + 0.2 * random.NextDouble())).ToArray();
    }

    private static float[] RunRow(string path, string input, string output, float[] row)
    {
        using var session = new InferenceSession(path);
        Assert.AreEqual(input, session.InputMetadata.Keys.Single());
        Assert.AreEqual(output, session.OutputMetadata.Keys.Single());
        CollectionAssert.AreEqual(new[] { -1 }, session.InputMetadata[input].Dimensions, "a flat row of symbolic length");
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, new DenseTensor<float>(row, [row.Length]))]);
        return results.Single().AsTensor<float>().ToArray();
    }

    [TestMethod]
    public void TheRowModelGivesTheEncodersEmbeddingBitForBit()
    {
        // Bit for bit only while ONNX Runtime fuses the copy as it fuses the original: a fixed-length input (a Reshape
        // to [1, 12, 1000]) made its shape inference skip fusions and changed the last bits of 28 of 32 values.
        using var temp = new TempFolder();
        string copy = temp.File("row.onnx");
        OnnxRowModelWriter.Write(TinyModels.EcgModel, copy,
            new OnnxRowBinding(DBetaEcgGraph.InputName, "Ecg", [1, 12, -1]),
            new OnnxRowBinding(DBetaEcgGraph.OutputName, "Embedding", [1, 32]));

        using var encoder = new EcgEncoder(TinyModels.EcgModel);
        foreach (int seed in new[] { 1, 2 })
        {
            float[] ecg = Ecg(seed);
            float[] row = RunRow(copy, "Ecg", "Embedding", ecg);
            CollectionAssert.AreEqual(encoder.Embed(ecg), row, $"seed {seed}");
        }

        // Weights are copied as bytes: the copy differs from the source by a few graph fields only.
        long growth = new FileInfo(copy).Length - new FileInfo(TinyModels.EcgModel).Length;
        Assert.IsLessThan(1024L, Math.Abs(growth), $"the copy is {growth} bytes larger than the source");
        var model = OnnxModelFile.Read(copy);
        var source = OnnxModelFile.Read(TinyModels.EcgModel);
        CollectionAssert.AreEqual(source.MetadataProps.ToArray(), model.MetadataProps.ToArray(), "the model's metadata is kept");
        foreach (var tensor in source.Graph.Initializer)
            Assert.AreEqual(tensor, model.Graph.Initializer.Single(t => t.Name == tensor.Name), tensor.Name);
    }

    [TestMethod]
    public void ColumnNamesTheModelAlreadyUsesAreMovedAside()
    {
        // Input column named as the model's output tensor and the other way round: both tensors must be renamed.
        using var temp = new TempFolder();
        string copy = temp.File("swapped.onnx");
        OnnxRowModelWriter.Write(TinyModels.EcgModel, copy,
            new OnnxRowBinding(DBetaEcgGraph.InputName, DBetaEcgGraph.OutputName, [1, 12, -1]),
            new OnnxRowBinding(DBetaEcgGraph.OutputName, DBetaEcgGraph.InputName, [1, 32]));

        using var encoder = new EcgEncoder(TinyModels.EcgModel);
        float[] ecg = Ecg(3);
        CollectionAssert.AreEqual(encoder.Embed(ecg), RunRow(copy, DBetaEcgGraph.OutputName, DBetaEcgGraph.InputName, ecg));
    }

    [TestMethod]
    public void ATensorTheModelLacksIsNamedWithTheModel()
    {
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<ModelFormatException>(() => OnnxRowModelWriter.Write(TinyModels.EcgModel, temp.File("x.onnx"),
            new OnnxRowBinding("signal", "Ecg", [1, 12, -1]), new OnnxRowBinding(DBetaEcgGraph.OutputName, "Embedding", [1, 32])));
        StringAssert.Contains(error.Message, TinyModels.EcgModel);
        StringAssert.Contains(error.Message, "expected the one input 'signal'");

        var output = Assert.ThrowsExactly<ModelFormatException>(() => OnnxRowModelWriter.Write(TinyModels.EcgModel, temp.File("y.onnx"),
            new OnnxRowBinding(DBetaEcgGraph.InputName, "Ecg", [1, 12, -1]), new OnnxRowBinding("pooled", "Embedding", [1, 32])));
        StringAssert.Contains(output.Message, "has no output 'pooled'");
        Assert.IsFalse(File.Exists(temp.File("x.onnx")) || File.Exists(temp.File("y.onnx")), "nothing is written for a rejected model");
    }

    [TestMethod]
    public void AFileThatIsNotAnOnnxModelIsNamed()
    {
        using var temp = new TempFolder();
        string text = temp.File("notes.onnx");
        File.WriteAllText(text, "these are notes, not a model\n");
        var error = Assert.ThrowsExactly<ModelFormatException>(() => OnnxRowModelWriter.Write(text, temp.File("out.onnx"),
            new OnnxRowBinding("ecg", "Ecg", [1, 12, -1]), new OnnxRowBinding("embedding", "Embedding", [1, 32])));
        StringAssert.Contains(error.Message, text);
    }
}
