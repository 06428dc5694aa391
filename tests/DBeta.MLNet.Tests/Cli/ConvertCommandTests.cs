using Microsoft.ML.OnnxRuntime;
using DBeta.MLNet.Tests.Conversion;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Cli;

/// <summary>Runs the built <c>dbeta convert</c> as a user would.</summary>
[TestClass]
public sealed class ConvertCommandTests
{
    [TestMethod]
    public void ConvertsACheckpointAndSaysWhatItFound()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("convert", "--checkpoint", DBetaReference.Fixture("dbeta-tiny-fp16.pt"),
            "--config", DBetaReference.Fixture("config.json"), "--out", temp.Path);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "weights float16");
        StringAssert.Contains(output, "skipped:  9 keys");
        StringAssert.Contains(output, "ECG:      2 layers, width 96, 6 heads, ffn 192, embedding 64");
        StringAssert.Contains(output, "text:     2 blocks, width 32, 4 heads, ffn 64, vocab 32128, embedding 64");

        using var session = new InferenceSession(temp.File(DBetaConverter.EcgFileName));
        DBetaReference.AssertClose(DBetaReference.RunEcg(session, DBetaReference.EcgInput(3, 5000)), DBetaReference.Expected("fp16", "ecg_5000_batch3"), DBetaReference.EcgTolerance, "ECG converted by dbeta convert, fp16 weights");
    }

    [TestMethod]
    public void WritesSeededRandomModels()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("convert", "--random", "--tiny", "--seed", "3", "--out", temp.Path);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, "random weights, seed 3");
        var expected = DBetaConverter.Convert(DBetaModels.CreateRandom(DBetaConfig.Tiny, 3), DBetaConfig.Tiny, temp.File("library"));
        CollectionAssert.AreEqual(File.ReadAllBytes(expected.Ecg.Path), File.ReadAllBytes(temp.File(DBetaConverter.EcgFileName)), "the CLI composes the library");
    }

    [TestMethod]
    public void BadInputIsOneErrorLineAndNoOutput()
    {
        using var temp = new TempFolder();
        var (code, _, error) = DBetaCli.Run("convert", "--checkpoint", DBetaReference.Fixture("config.json"), "--out", temp.Path);
        Assert.AreEqual(1, code);
        StringAssert.StartsWith(error, "error: ");
        StringAssert.Contains(error, "config.json");
        Assert.IsEmpty(Directory.GetFiles(temp.Path));

        (code, _, error) = DBetaCli.Run("convert", "--out", temp.Path);
        Assert.AreNotEqual(0, code);
        StringAssert.Contains(error, "give either --checkpoint FILE or --random");
    }

    [TestMethod]
    public void Int8OptionAddsTheInt8EcgModel()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("convert", "--random", "--tiny", "--int8", "--out", temp.Path);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, DBetaConverter.EcgInt8FileName);
        using var session = new InferenceSession(temp.File(DBetaConverter.EcgInt8FileName));
        Assert.AreEqual("int8", session.ModelMetadata.CustomMetadataMap["dbeta.precision"]);
        Assert.IsTrue(File.Exists(temp.File(DBetaConverter.EcgFileName)), "the float32 model is still written");
    }

    [TestMethod]
    public void StandardOpsOptionAddsThePortableEcgModel()
    {
        using var temp = new TempFolder();
        var (code, output, error) = DBetaCli.Run("convert", "--random", "--tiny", "--standard-ops", "--out", temp.Path);
        Assert.AreEqual(0, code, error);
        StringAssert.Contains(output, DBetaConverter.EcgStandardFileName);
        using var session = new InferenceSession(temp.File(DBetaConverter.EcgStandardFileName));
        Assert.AreEqual("standard", session.ModelMetadata.CustomMetadataMap["dbeta.operators"]);
        Assert.IsTrue(File.Exists(temp.File(DBetaConverter.EcgFileName)), "the fused float32 model is still written");
        Assert.IsFalse(File.Exists(temp.File(DBetaConverter.EcgInt8FileName)));
    }
}
