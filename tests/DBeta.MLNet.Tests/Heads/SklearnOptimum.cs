using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Heads;

/// <summary>
/// tests/fixtures/probes/sklearn_lr_optimum.json: the exact optimum (scikit-learn's Newton solver) of a linear probe's
/// objective on the probe fixture, per label, in the standardised feature space.
/// </summary>
internal sealed record SklearnOptimum(double Intercept, double[] Coefficients, double[] TestScores, double Auroc)
{
    /// <summary><c>Σ logloss + |w|²/2</c>, the intercept free: the L-BFGS head with L2 weight 1 (scikit-learn's C = 1).</summary>
    public static IReadOnlyDictionary<string, SklearnOptimum> FreeIntercept { get; } = Load("free_intercept");

    /// <summary><c>Σ logloss + (|w|² + b²)/2</c>: the SDCA head, whose bias is a feature of value 1 under the same L2.</summary>
    public static IReadOnlyDictionary<string, SklearnOptimum> PenalisedIntercept { get; } = Load("penalised_intercept");

    private static Dictionary<string, SklearnOptimum> Load(string objective)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("probes", "sklearn_lr_optimum.json")));
        static double[] Numbers(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return doc.RootElement.GetProperty("objectives").GetProperty(objective).EnumerateObject().ToDictionary(p => p.Name, p => new SklearnOptimum(
            p.Value.GetProperty("intercept").GetDouble(), Numbers(p.Value.GetProperty("coef")),
            Numbers(p.Value.GetProperty("test_scores")), p.Value.GetProperty("auroc").GetDouble()));
    }
}
