
namespace DBeta.MLNet.Tests.Data.Synthetic;

[TestClass]
public sealed class PortableMathTests
{
    [TestMethod]
    public void AgreesWithSystemMathOverTheRangesTheGeneratorUses()
    {
        var rng = new Xoshiro256StarStar(7);
        for (int i = 0; i < 20_000; i++)
        {
            double x = rng.Uniform(-60, 5);
            Assert.AreEqual(Math.Exp(x), PortableMath.Exp(x), 4e-16 * Math.Exp(x), $"Exp({x:R})");
            double y = rng.Uniform(-5000, 5000);
            Assert.AreEqual(Math.Sin(y), PortableMath.Sin(y), 1e-13, $"Sin({y:R})");
            Assert.AreEqual(Math.Cos(y), PortableMath.Cos(y), 1e-13, $"Cos({y:R})");
            double z = rng.Uniform(1e-12, 1);
            Assert.AreEqual(Math.Log(z), PortableMath.Log(z), 4e-16 * Math.Abs(Math.Log(z)) + 1e-16, $"Log({z:R})");
        }
        Assert.AreEqual(1.0, PortableMath.Exp(0));
        Assert.AreEqual(0.0, PortableMath.Exp(-800));
        Assert.AreEqual(0.0, PortableMath.Log(1));
        Assert.AreEqual(double.NegativeInfinity, PortableMath.Log(0));
        Assert.IsTrue(double.IsNaN(PortableMath.Log(-1)));
    }

    [TestMethod]
    public void NormalDeviatesHaveUnitVariance()
    {
        var rng = new Xoshiro256StarStar(99);
        double sum = 0, sumSq = 0;
        const int n = 200_000;
        for (int i = 0; i < n; i++)
        {
            double v = rng.Normal();
            sum += v;
            sumSq += v * v;
        }
        Assert.AreEqual(0, sum / n, 0.01);
        Assert.AreEqual(1, sumSq / n - (sum / n) * (sum / n), 0.01);
    }

    [TestMethod]
    public void OscillatorFollowsTheSine()
    {
        var wave = new Oscillator(60, 0.3, 400);
        for (int t = 0; t < 5000; t++)
            Assert.AreEqual(Math.Sin(2 * Math.PI * 60 * t / 400.0 + 0.3), wave.Next(), 1e-11, $"sample {t}");
    }
}
