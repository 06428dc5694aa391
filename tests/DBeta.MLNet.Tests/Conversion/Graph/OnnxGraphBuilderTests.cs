using DBeta.MLNet.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Graph;

[TestClass]
public sealed class OnnxGraphBuilderTests
{
    private const TensorProto.Types.DataType Float = TensorProto.Types.DataType.Float;

    [TestMethod]
    public void WritesLittleEndianInitializersUniqueNamesAndModelHeader()
    {
        var g = new OnnxGraphBuilder("g");
        string a = g.Initializer("w", [1.5f, -2f, 3.25f], 3);
        string b = g.Initializer("w", [7f], 1);
        string x = g.Input("x", Float, "batch", 3);
        g.Output(g.Add(x, a), "y", Float, "batch", 3);
        using var temp = new TempFolder();
        long bytes = OnnxModelFile.Write(g.ToModel("1.2.3", "doc", [new("dbeta.kind", "test")]), temp.File("m.onnx"));

        var model = OnnxModelFile.Read(temp.File("m.onnx"));
        Assert.AreEqual(new FileInfo(temp.File("m.onnx")).Length, bytes);
        Assert.AreNotEqual(a, b);
        Assert.AreEqual(8L, model.IrVersion);
        Assert.AreEqual(("", 17L), (model.OpsetImport.Single().Domain, model.OpsetImport.Single().Version), "no com.microsoft import unless used");
        Assert.AreEqual("test", model.MetadataProps.Single().Value);
        var w = model.Graph.Initializer.Single(t => t.Name == a);
        CollectionAssert.AreEqual(new byte[] { 0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0x50, 0x40 }, w.RawData.ToByteArray());
        Assert.AreEqual("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.AreEqual(3L, model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue);
    }

    [TestMethod]
    public void GeluRmsNormPatternsComputeTheirFormulasInOnnxRuntime()
    {
        var g = new OnnxGraphBuilder("g");
        string x = g.Input("x", Float, "batch", "n", 4);
        string w = g.Initializer("w", [1f, 0.5f, -1f, 2f], 4);
        g.Output(g.GeluErf(x, "erf"), "gelu", Float, "batch", "n", 4);
        g.Output(g.GeluTanh(x, "tanh"), "gelu_tanh", Float, "batch", "n", 4);
        g.Output(g.RmsNorm(x, w, 1e-6f, "rms"), "rms", Float, "batch", "n", 4);
        using var temp = new TempFolder();
        OnnxModelFile.Write(g.ToModel("0", "", []), temp.File("m.onnx"));
        using var session = new InferenceSession(temp.File("m.onnx"));

        foreach (var (batch, n) in new[] { (1, 2), (3, 5) })
        {
            var input = new DenseTensor<float>([batch, n, 4]);
            for (int i = 0; i < input.Length; i++) input.SetValue(i, (i % 9 - 4) * 0.7f);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("x", input)]);
            var gelu = results.Single(r => r.Name == "gelu").AsTensor<float>();
            var geluTanh = results.Single(r => r.Name == "gelu_tanh").AsTensor<float>();
            var rms = results.Single(r => r.Name == "rms").AsTensor<float>();
            float[] weights = [1f, 0.5f, -1f, 2f];
            for (int i = 0; i < input.Length; i++)
            {
                double v = input.GetValue(i);
                Assert.AreEqual(0.5 * v * (1 + Erf(v / Math.Sqrt(2))), gelu.GetValue(i), 1e-5, "exact GELU");
                Assert.AreEqual(0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))), geluTanh.GetValue(i), 1e-5, "tanh GELU");
            }
            for (int row = 0; row < batch * n; row++)
            {
                double meanSquare = Enumerable.Range(0, 4).Average(j => Math.Pow(input.GetValue(row * 4 + j), 2));
                for (int j = 0; j < 4; j++)
                    Assert.AreEqual(input.GetValue(row * 4 + j) / Math.Sqrt(meanSquare + 1e-6) * weights[j], rms.GetValue(row * 4 + j), 1e-5, "RMS norm");
            }
        }
    }

    [TestMethod]
    public void RejectsInitializersWhoseDataDoesNotFitTheirDims()
    {
        var g = new OnnxGraphBuilder("g");
        Assert.ThrowsExactly<ArgumentException>(() => g.Initializer("w", [1f, 2f, 3f], 2, 2));
        g.Input("x", Float, 1);
        Assert.ThrowsExactly<ArgumentException>(() => g.Input("x", Float, 1), "input names are unique");
    }

    // Abramowitz-Stegun 7.1.26 is too coarse for 1e-5; integrate the series instead (|x| < 4 here).
    private static double Erf(double x)
    {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
