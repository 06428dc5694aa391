using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Evaluation;

/// <summary>tests/fixtures/probes/sklearn_lr.json: scikit-learn's logistic-regression probe on the probe fixture.</summary>
internal sealed record SklearnProbe(string[] Labels, double MacroAuroc, IReadOnlyDictionary<string, SklearnLabel> PerLabel)
{
    public static SklearnProbe Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("probes", "sklearn_lr.json")));
        var root = doc.RootElement;
        var perLabel = root.GetProperty("per_label").EnumerateObject().ToDictionary(p => p.Name, p => new SklearnLabel(
            p.Value.GetProperty("auroc").GetDouble(), p.Value.GetProperty("f1").GetDouble(),
            p.Value.GetProperty("sensitivity").GetDouble(), p.Value.GetProperty("specificity").GetDouble(),
            p.Value.GetProperty("train_positives").GetInt32(), p.Value.GetProperty("test_positives").GetInt32()));
        return new SklearnProbe(
            root.GetProperty("labels").EnumerateArray().Select(v => v.GetString()!).ToArray(),
            root.GetProperty("macro_auroc").GetDouble(), perLabel);
    }
}

internal sealed record SklearnLabel(double Auroc, double F1, double Sensitivity, double Specificity, int TrainPositives, int TestPositives);
