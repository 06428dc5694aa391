using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Evaluation;

/// <summary>The stratified group split against <c>make_split_fixtures.py</c>, which implements the documented rule on its own.</summary>
[TestClass]
public sealed class StratifiedGroupSplitTests
{
    private sealed record Summary(int Records, int Patients, int[] Labels);

    private sealed record Reference(ulong Seed, double[] Fractions, string[] Groups, int[][] Labels, int[] Parts, Summary[] Summary);

    private static readonly Reference Fixture = JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(RepoPaths.Fixture("evaluation", "split.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    private static EcgSplitPart[] Split(ulong seed) => StratifiedGroupSplit.Assign(Fixture.Groups,
        [.. Fixture.Labels.SelectMany(row => row.Select(v => (float)v))], Fixture.Labels[0].Length, Fixture.Fractions[0], Fixture.Fractions[1], seed);

    [TestMethod]
    public void EveryRecordGoesWhereTheReferenceSendsIt()
    {
        var parts = Split(Fixture.Seed);
        CollectionAssert.AreEqual(Fixture.Parts, parts.Select(p => (int)p).ToArray());
        for (int s = 0; s < 3; s++)
        {
            var rows = Enumerable.Range(0, parts.Length).Where(r => (int)parts[r] == s).ToArray();
            Assert.AreEqual(Fixture.Summary[s].Records, rows.Length, $"{(EcgSplitPart)s} records");
            Assert.AreEqual(Fixture.Summary[s].Patients, rows.Select(r => Fixture.Groups[r]).Distinct().Count(), $"{(EcgSplitPart)s} patients");
            CollectionAssert.AreEqual(Fixture.Summary[s].Labels, Enumerable.Range(0, 6).Select(k => rows.Count(r => Fixture.Labels[r][k] == 1)).ToArray(), $"{(EcgSplitPart)s} label counts");
            Console.WriteLine($"{(EcgSplitPart)s}: {rows.Length} records, labels {string.Join(" ", Fixture.Summary[s].Labels)}");
        }
    }

    [TestMethod]
    public void APatientNeverSpansTwoPartsAndTheSeedMatters()
    {
        var parts = Split(Fixture.Seed);
        foreach (var patient in Enumerable.Range(0, parts.Length).GroupBy(r => Fixture.Groups[r]))
            Assert.AreEqual(1, patient.Select(r => parts[r]).Distinct().Count(), $"patient {patient.Key} spans parts");
        Assert.IsFalse(parts.SequenceEqual(Split(Fixture.Seed + 1)), "another seed gives another split");
    }
}
