namespace DBeta.MLNet.Tests.Preprocessing.Filtering;

[TestClass]
public sealed class NeuroKitEcgCleanerTests
{
    // Measured on the committed fixtures: 4.4e-15 to 4.6e-13 relative (max |error| / max |scipy|), growing with length as
    // rounding accumulates in poles 0.002 from the unit circle; the worst is 5000 samples at 500 Hz. Ten times that.
    private const double Tolerance = 5e-12;

    [TestMethod]
    [DynamicData(nameof(FilterFixtures.SignalCases), typeof(FilterFixtures))]
    public void HighPassMatchesScipySosfiltfilt(string name, int rate, int powerline, int length, int minimumLength)
    {
        double[] x = FilterFixtures.Load(name + "_input").Values;
        double[] expected = FilterFixtures.Load(name + "_highpass").Values;
        var y = new double[length];

        new NeuroKitEcgCleaner(rate, powerlineFrequency: powerline).HighPass.FilterForwardBackward(x, y);

        double error = FftResamplerTests.RelativeError(expected, y);
        Console.WriteLine($"{name}: high-pass relative error {error:E2}");
        Assert.IsLessThanOrEqualTo(Tolerance, error, $"{name}: {error:E2}");
    }

    [TestMethod]
    [DynamicData(nameof(FilterFixtures.SignalCases), typeof(FilterFixtures))]
    public void CleaningMatchesNeuroKitsDefinitionInScipy(string name, int rate, int powerline, int length, int minimumLength)
    {
        double[] x = FilterFixtures.Load(name + "_input").Values;
        double[] expected = FilterFixtures.Load(name + "_clean").Values;
        var cleaner = new NeuroKitEcgCleaner(rate, powerlineFrequency: powerline);
        var y = new double[length];

        cleaner.Clean(x, y);

        double error = FftResamplerTests.RelativeError(expected, y);
        Console.WriteLine($"{name}: clean relative error {error:E2}");
        Assert.IsLessThanOrEqualTo(Tolerance, error, $"{name}: {error:E2}");
        Assert.AreEqual(minimumLength, cleaner.MinimumLength, "the shortest length scipy accepts");
    }

    [TestMethod]
    public void ARealLeadIsCleanedAsScipyCleansIt()
    {
        if (!FilterFixtures.HasRecord) Assert.Inconclusive("the fixtures were made without ../shared/data/challenge2021");
        double[] x = FilterFixtures.Load("record_E07500_lead2_input").Values;
        double[] expected = FilterFixtures.Load("record_E07500_lead2_clean").Values;
        var y = new double[x.Length];

        new NeuroKitEcgCleaner(500).Clean(x, y);

        double error = FftResamplerTests.RelativeError(expected, y);
        Console.WriteLine($"E07500 lead II: relative error {error:E2}");
        Assert.IsLessThanOrEqualTo(Tolerance, error, $"{error:E2}");
    }

    [TestMethod]
    public void CleaningInPlaceGivesTheSameNumbers()
    {
        double[] x = FilterFixtures.Load("signal_400hz_50_64_input").Values;
        var separate = new double[x.Length];
        var cleaner = new NeuroKitEcgCleaner(400);
        cleaner.Clean(x, separate);

        cleaner.Clean(x, x);

        CollectionAssert.AreEqual(separate, x);
    }

    [TestMethod]
    public void PowerlineAverageSpansOneMainsPeriod()
    {
        Assert.AreEqual(10, NeuroKitEcgCleaner.PowerlineTaps(500, 50));
        Assert.AreEqual(8, NeuroKitEcgCleaner.PowerlineTaps(500, 60));
        Assert.AreEqual(8, NeuroKitEcgCleaner.PowerlineTaps(400, 50));
        Assert.AreEqual(5, NeuroKitEcgCleaner.PowerlineTaps(257, 50));   // int() truncates
        Assert.AreEqual(2, NeuroKitEcgCleaner.PowerlineTaps(100, 50));
        Assert.AreEqual(1, NeuroKitEcgCleaner.PowerlineTaps(100, 60));   // the identity: scipy's filtfilt raises, we pass through
        Assert.AreEqual(2, NeuroKitEcgCleaner.PowerlineTaps(80, 50));    // NeuroKit2 below 100 Hz
    }

    [TestMethod]
    public void TooShortSignalsNameTheirLengthAndTheMinimum()
    {
        var cleaner = new NeuroKitEcgCleaner(500);
        Assert.AreEqual(31, cleaner.MinimumLength);   // scipy: more than 3 * 10 samples for the 10-sample average at 500 Hz

        var error = Assert.ThrowsExactly<ArgumentException>(() => cleaner.Clean(new double[30], new double[30]));
        StringAssert.StartsWith(error.Message, "30 samples per lead are too few for the NeuroKit filter at 500 Hz: it needs at least 31 (scipy pads each end by 18 samples for the high-pass and 30 for the 10-sample powerline average");
        cleaner.Clean(new double[31], new double[31]);   // the minimum itself is accepted
        Assert.AreEqual(19, new NeuroKitEcgCleaner(100).MinimumLength);   // the high-pass's 18 dominate at 100 Hz
    }
}
