using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Conversion.Checkpoints;

[TestClass]
public sealed class CheckpointReaderTests
{
    [TestMethod]
    public void DispatchesOnContentNotOnTheExtension()
    {
        using var temp = new TempFolder();
        // Swap the extensions: the reader must look at the bytes.
        string torchAsSafetensors = temp.File("model.safetensors");
        string safetensorsAsPt = temp.File("model.pt");
        File.Copy(CheckpointFixtures.File("sample.pt"), torchAsSafetensors);
        File.Copy(CheckpointFixtures.File("sample.safetensors"), safetensorsAsPt);

        Assert.AreEqual("pytorch-zip", CheckpointReader.Read(torchAsSafetensors).Format);
        Assert.AreEqual("safetensors", CheckpointReader.Read(safetensorsAsPt).Format);
        Assert.AreEqual("pytorch-zip", CheckpointReader.DetectFormat(torchAsSafetensors));
        Assert.AreEqual("safetensors", CheckpointReader.DetectFormat(safetensorsAsPt));
        Assert.AreEqual(CheckpointFixtures.ExpectedTensors().Count, CheckpointReader.Describe(safetensorsAsPt).Tensors.Count);
        Assert.AreEqual(CheckpointFixtures.ExpectedTensors().Count, CheckpointReader.Describe(torchAsSafetensors).Tensors.Count);
    }

    [TestMethod]
    public void ReadMetadataWorksForBothFormats()
    {
        Assert.AreEqual("pt", (string?)CheckpointReader.ReadMetadata(CheckpointFixtures.File("sample.safetensors"))["format"]);
        Assert.AreEqual(3L, (long)CheckpointReader.ReadMetadata(CheckpointFixtures.File("sample.pt"))["epoch"]!);
    }

    [TestMethod]
    public void RejectsAFileThatIsNeither()
    {
        using var temp = new TempFolder();
        string path = temp.File("config.json");
        File.WriteAllText(path, """{"model": "dbeta"}""");
        var e = Assert.ThrowsExactly<ModelFormatException>(() => CheckpointReader.Read(path));
        Assert.AreEqual(path, e.FilePath);
        StringAssert.Contains(Assert.ThrowsExactly<ModelFormatException>(() => CheckpointReader.DetectFormat(path)).Message, "neither");
        Assert.ThrowsExactly<FileNotFoundException>(() => CheckpointReader.Read(temp.File("absent.pt")));
    }
}
