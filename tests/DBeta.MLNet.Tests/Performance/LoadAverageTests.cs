
namespace DBeta.MLNet.Tests.Performance;

[TestClass]
public sealed class LoadAverageTests
{
    [TestMethod]
    public void ReadsTheKernelsThreeAveragesWhereThereAreAny()
    {
        var load = LoadAverage.Read();
        if (!File.Exists("/proc/loadavg"))
        {
            Assert.IsNull(load, "no /proc/loadavg, no load average");
            return;
        }
        Assert.IsNotNull(load);
        var expected = File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // The kernel updates the file every 5 s: a reading a moment later may differ, never by much.
        Assert.AreEqual(expected[2], load.FifteenMinutes, 0.5);
        Assert.IsTrue(load.OneMinute >= 0 && load.FiveMinutes >= 0 && load.FifteenMinutes >= 0);
        StringAssert.Matches(load.ToString(), new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d \d+\.\d\d \d+\.\d\d$"));
    }
}
