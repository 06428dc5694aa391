
namespace DBeta.MLNet.Tests.Data.Synthetic;

[TestClass]
public sealed class SyntheticEcgOptionsTests
{
    [TestMethod]
    public void PrevalenceParsesOnTopOfTheDefaults()
    {
        var p = SyntheticEcgPrevalence.Parse("AF=0.2, rbbb=0.05");
        Assert.AreEqual(0.2, p.AtrialFibrillation);
        Assert.AreEqual(0.05, p.RightBundleBranchBlock);
        Assert.AreEqual(0.10, p.LeftBundleBranchBlock);
        var all = SyntheticEcgPrevalence.Parse("all=0.15,1dAVb=0");
        CollectionAssert.AreEqual(new[] { 0.0, 0.15, 0.15, 0.15, 0.15, 0.15 }, all.ToCodeOrder().ToArray());
        Assert.AreEqual("1dAVb=0,RBBB=0.15,LBBB=0.15,SB=0.15,AF=0.15,ST=0.15", all.ToString());
    }

    [TestMethod]
    public void ImpossiblePrevalencesAreRejectedWithTheReason()
    {
        var e = Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgPrevalence.Parse("AF=0.5,SB=0.4,ST=0.2"));
        StringAssert.Contains(e.Message, "AF, SB and ST exclude each other");
        e = Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgPrevalence.Parse("RBBB=0.6,LBBB=0.6"));
        StringAssert.Contains(e.Message, "RBBB and LBBB");
        e = Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgPrevalence.Parse("AF=0.7,1dAVb=0.4"));
        StringAssert.Contains(e.Message, "1dAVb");
        e = Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgPrevalence.Parse("VT=0.1"));
        StringAssert.Contains(e.Message, "unknown label 'VT'");
        e = Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgPrevalence.Parse("AF=1.5"));
        StringAssert.Contains(e.Message, "AF is 1.5");
        Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgPrevalence.Parse("AF"));
    }

    [TestMethod]
    public void NoiseParsesAFactorOrKeys()
    {
        var none = SyntheticEcgNoise.Parse("0");
        Assert.AreEqual(0, none.BaselineWander + none.PowerLine + none.Muscle);
        var twice = SyntheticEcgNoise.Parse("2");
        Assert.AreEqual(2 * new SyntheticEcgNoise().Muscle, twice.Muscle, 1e-15);
        var keyed = SyntheticEcgNoise.Parse("wander=0.3,hz=50,emg=0");
        Assert.AreEqual(0.3, keyed.BaselineWander);
        Assert.AreEqual(50, keyed.PowerLineFrequency);
        Assert.AreEqual(0, keyed.Muscle);
        Assert.AreEqual(new SyntheticEcgNoise().PowerLine, keyed.PowerLine);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgNoise.Parse("hum=1")).Message, "unknown noise key 'hum'");
        Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgNoise.Parse("-1"));
        Assert.ThrowsExactly<ArgumentException>(() => SyntheticEcgNoise.Parse("emg=-0.1"));
    }

    [TestMethod]
    public void GeneratorRejectsUnusableOptionsAndIgnoresLaterChanges()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { SampleRate = 50 })).Message, "SampleRate");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { SampleCount = 100 })).Message, "SampleCount");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new SyntheticEcgGenerator(new SyntheticEcgOptions { Count = -1 })).Message, "Count");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() =>
            new SyntheticEcgGenerator(new SyntheticEcgOptions { SampleRate = 100, Noise = new() { PowerLineFrequency = 60 } })).Message, "Nyquist");

        var options = new SyntheticEcgOptions { Count = 2, Seed = 5 };
        var generator = new SyntheticEcgGenerator(options);
        var before = generator.Generate(0).Record.Samples;
        options.Seed = 6;
        options.Noise.Muscle = 1;
        CollectionAssert.AreEqual(before, generator.Generate(0).Record.Samples);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => generator.Generate(-1));
    }
}
