using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Evaluation;

/// <summary>The binary cases of tests/fixtures/probes/auroc_cases.json with scikit-learn's results.</summary>
internal sealed record AurocCase(
    string Name, bool[] Labels, double[] Scores, double? Auroc, string? Undefined,
    double[] Fpr, double[] Tpr, double[] Thresholds, double F1, double? Sensitivity, double? Specificity)
{
    public static IReadOnlyList<AurocCase> All { get; } = Load();

    public static AurocCase Named(string name) => All.Single(c => c.Name == name);

    public override string ToString() => Name;

    private static AurocCase[] Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("probes", "auroc_cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new AurocCase(
            c.GetProperty("name").GetString()!,
            c.GetProperty("y_true").EnumerateArray().Select(v => v.GetInt32() == 1).ToArray(),
            Doubles(c, "y_score"),
            c.GetProperty("auroc").ValueKind == JsonValueKind.Null ? null : c.GetProperty("auroc").GetDouble(),
            c.TryGetProperty("undefined", out var u) ? u.GetString() : null,
            Doubles(c, "fpr"), Doubles(c, "tpr"), Doubles(c, "thresholds"),
            c.GetProperty("f1").GetDouble(),
            c.TryGetProperty("sensitivity", out var s) ? s.GetDouble() : null,
            c.TryGetProperty("specificity", out var p) ? p.GetDouble() : null)).ToArray();
    }

    private static double[] Doubles(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(v => v.GetDouble()).ToArray() : [];
}
