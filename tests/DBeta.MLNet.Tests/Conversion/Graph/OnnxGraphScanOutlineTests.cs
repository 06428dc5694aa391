using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Graph;

[TestClass]
public sealed class OnnxGraphScanOutlineTests
{
    [TestMethod]
    [DataRow(DBetaConverter.EcgFileName)]
    [DataRow(DBetaConverter.EcgInt8FileName)]
    [DataRow(DBetaConverter.TextFileName)]
    public void EqualsTheFullModelWithoutInitializerData(string file)
    {
        string path = Path.Combine(DBetaReference.Converted("fp32"), file);
        var full = OnnxModelFile.Read(path);
        var outline = OnnxGraphScan.Read(path).Outline();

        CollectionAssert.AreEqual(full.Graph.Node.ToArray(), outline.Graph.Node.ToArray(), "nodes with their attributes");
        CollectionAssert.AreEqual(full.Graph.Input.ToArray(), outline.Graph.Input.ToArray());
        CollectionAssert.AreEqual(full.Graph.Output.ToArray(), outline.Graph.Output.ToArray());
        CollectionAssert.AreEqual(full.MetadataProps.ToArray(), outline.MetadataProps.ToArray());
        CollectionAssert.AreEqual(full.OpsetImport.ToArray(), outline.OpsetImport.ToArray());
        Assert.AreEqual(full.Graph.Initializer.Count, outline.Graph.Initializer.Count);
        for (int i = 0; i < full.Graph.Initializer.Count; i++)
        {
            var (f, o) = (full.Graph.Initializer[i], outline.Graph.Initializer[i]);
            Assert.AreEqual((f.Name, f.DataType), (o.Name, o.DataType));
            CollectionAssert.AreEqual(f.Dims.ToArray(), o.Dims.ToArray(), f.Name);
            Assert.IsTrue(o.RawData.IsEmpty, "no weight data is read");
        }
    }

    [TestMethod]
    public void ReportsADamagedFileByName()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("bad.onnx"), [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]); // graph field claiming 4 GB
        var e = Assert.ThrowsExactly<ModelFormatException>(() => OnnxGraphScan.Read(temp.File("bad.onnx")).Outline());
        StringAssert.Contains(e.Message, "bad.onnx");
        StringAssert.Contains(e.Message, "remain");
    }
}
