using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.Explanation;

/// <summary>Occlusion maps on a case whose answer is known: a label that lives in one lead and one half second.</summary>
[TestClass]
public sealed class EcgOcclusionTests
{
    private const int Records = 160, Samples = 5000, PlantedLead = 7; // V2
    private const double Rate = 500, PlantedStart = 4.0;              // the bump sits in 4.0-4.5 s: window 8 of 0.5-s windows

    /// <summary>Seeded smooth 12-lead signals; the positive half carries a 1.5-mV bump in V2 at 4.0-4.5 s.</summary>
    private static (EcgDataView View, bool[] Planted) KnownAnswerSet()
    {
        var random = new Random(7);
        var ids = new List<string>();
        var records = new List<float[]>();
        var planted = new bool[Records];
        for (int r = 0; r < Records; r++)
        {
            var ecg = new float[12 * Samples];
            for (int lead = 0; lead < 12; lead++)
            {
                double f1 = 0.8 + random.NextDouble(), f2 = 5 + 5 * random.NextDouble(), p1 = random.NextDouble() * 6.3, p2 = random.NextDouble() * 6.3;
                for (int t = 0; t < Samples; t++)
                    ecg[lead * Samples + t] = (float)(0.3 * Math.Sin(2 * Math.PI * f1 * t / Rate + p1) + 0.1 * Math.Sin(2 * Math.PI * f2 * t / Rate + p2) + 0.02 * (random.NextDouble() - 0.5));
            }
            planted[r] = r % 2 == 1;
            if (planted[r])
                for (int t = 0; t < 250; t++)
                    ecg[PlantedLead * Samples + (int)(PlantedStart * Rate) + t] += (float)(1.5 * Math.Sin(Math.PI * t / 250));
            ids.Add($"r{r:D3}");
            records.Add(ecg);
        }
        var labels = EcgLabels.FromValues("known-answer", DBetaColumnNames.Id, ["Planted"], ids, [.. planted.Select(p => p ? 1f : 0f)]);
        var source = new InMemoryEcgSource("known-answer", ids, records, Rate, Samples);
        return (new EcgDataView(source, new EcgLoaderOptions { Labels = labels }), planted);
    }

    /// <summary>A probe on the planted label (tiny model), and the map of its probability on the first planted record.</summary>
    private static (EcgDataView View, int Row, EcgOcclusionMap Map) ExplainFirstPlanted()
    {
        var ml = new MLContext(seed: 1);
        var (view, planted) = KnownAnswerSet();
        var model = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel)
            .Append(ml.BinaryClassification.Trainers.MultiLabelProbe(new MultiLabelProbeOptions { LabelColumnNames = ["Planted"] }))
            .Fit(view);
        int row = Array.IndexOf(planted, true);
        return (view, row, ml.Model.ExplainEcgByOcclusion(model, view, row, new EcgOcclusionOptions { ScoreColumnName = "Probability.Planted" }));
    }

    [TestMethod]
    public void TheMapLightsThePlantedLeadAndHalfSecond()
    {
        var (view, row, map) = ExplainFirstPlanted();

        Assert.AreEqual(1 + 12 + 12 * 20, map.ForwardPasses);
        Assert.AreEqual(20, map.WindowCount);
        Assert.IsGreaterThan(0.5, map.Score, "the probe calls the planted record positive");
        int strongestLead = Enumerable.Range(0, 12).MaxBy(l => map.LeadDrops[l]);
        Assert.AreEqual(PlantedLead, strongestLead, $"lead drops: {string.Join(", ", map.LeadDrops.Select(d => d.ToString("0.000")))}");
        Assert.AreEqual((PlantedLead, 8), map.Strongest());
        double planted8 = map.WindowDrop(PlantedLead, 8);
        double nextBest = Enumerable.Range(0, 12 * 20).Where(i => i != PlantedLead * 20 + 8).Max(i => map.WindowDrop(i / 20, i % 20));
        Console.WriteLine($"score {map.Score:0.000}; V2 window 8 drop {planted8:0.000}; next largest window drop {nextBest:0.000}; V2 lead drop {map.LeadDrops[PlantedLead]:0.000}");
        Assert.IsGreaterThan(2 * Math.Max(nextBest, 1e-6), planted8, "the planted window stands out (3.4 times the next when written)");
    }

    [TestMethod]
    public void TheMapIsDrawnOverTheTwelveStripsWhereThePlantedBumpIs()
    {
        var (view, row, map) = ExplainFirstPlanted();
        using var temp = new TempFolder();
        EcgPlot.Save(view, row, map, temp.File("explain.png"));
        var png = PngPixels.Read(temp.File("explain.png"));

        // Twelve strips of 3.5 mV, 10 s: x spans -0.68..10.08 s, y spans 2.4..-42.8 mV (title band above, footer below).
        int X(double seconds) => (int)Math.Round((seconds + 0.68) / 10.76 * png.Width);
        int Y(double mv) => (int)Math.Round((2.4 - mv) / 45.2 * png.Height);
        static bool StrongRed((byte R, byte G, byte B, byte A) p) => p.R > 190 && p.G < 125 && p.B < 125;
        int all = png.Count(0, 0, png.Width, png.Height, StrongRed);
        int inside = png.Count(X(4.0), Y(-PlantedLead * 3.5), X(4.5), Y(-(PlantedLead + 1) * 3.5), StrongRed);
        Console.WriteLine($"{png.Width} x {png.Height} px; strongly red pixels: {inside} in V2 at 4.0-4.5 s, {all} in all");
        Assert.IsGreaterThan(1000, inside, "the planted window is shaded");
        Assert.IsGreaterThan(0.95 * all, (double)inside, "and nothing else is shaded as strongly");
    }

    [TestMethod]
    public void AMissingScoreColumnIsNamed()
    {
        var ml = new MLContext(seed: 1);
        var (view, _) = KnownAnswerSet();
        var model = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(view);
        var e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Model.ExplainEcgByOcclusion(model, view, 0, new EcgOcclusionOptions { ScoreColumnName = "Probability.AF" }));
        StringAssert.Contains(e.Message, "no column 'Probability.AF'");
        e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Model.ExplainEcgByOcclusion(model, view, Records + 5, new EcgOcclusionOptions { ScoreColumnName = DBetaColumnNames.Embedding }));
        StringAssert.Contains(e.Message, $"holds {Records} rows");
    }
}
