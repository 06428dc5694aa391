using System.Reflection;
using Microsoft.ML;

namespace DBeta.MLNet.Tests.Heads;

/// <summary>The probe keeps every option a user sets, and its own copy of them.</summary>
[TestClass]
public sealed class MultiLabelProbeOptionsTests
{
    [TestMethod]
    public void EverySettableOptionReachesTheEstimator()
    {
        var options = new MultiLabelProbeOptions();
        var defaults = new MultiLabelProbeOptions();
        var properties = typeof(MultiLabelProbeOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        Assert.IsTrue(properties.Count >= 19, $"{properties.Count} settable properties");
        foreach (var property in properties) property.SetValue(options, Different(property.PropertyType, property.GetValue(defaults)));

        var estimator = new MLContext().BinaryClassification.Trainers.MultiLabelProbe(options);

        foreach (var property in properties)
        {
            object? set = property.GetValue(options), kept = property.GetValue(estimator.Options);
            if (set is IEnumerable<string> list)
                CollectionAssert.AreEqual(list.ToArray(), ((IEnumerable<string>)kept!).ToArray(), property.Name);
            else
                Assert.AreEqual(set, kept, $"{property.Name}: set {set}, the estimator kept {kept}");
        }
    }

    [TestMethod]
    public void LaterChangesToTheOptionsDoNotReachTheEstimator()
    {
        var options = new MultiLabelProbeOptions { LabelsInParallel = 3, LabelColumnNames = ["AF", "RBBB"] };
        var estimator = new MLContext().BinaryClassification.Trainers.MultiLabelProbe(options);
        options.LabelsInParallel = 1;
        options.LabelColumnNames = ["ST"];

        Assert.AreEqual(3, estimator.Options.LabelsInParallel);
        CollectionAssert.AreEqual(new[] { "AF", "RBBB" }, estimator.Options.LabelColumnNames.ToArray());
    }

    // A valid value unlike the default, so a copy that drops the property shows.
    private static object? Different(Type type, object? value) => value switch
    {
        string s => s + "X",
        bool b => !b,
        int i => i + 2,
        double d => d == 1.0 ? 0.5 : d / 2,
        float f => f / 2,
        ProbeHead h => h == ProbeHead.FastTree ? ProbeHead.LightGbm : ProbeHead.FastTree,
        IReadOnlyList<string> labels => labels.Take(2).ToArray(),
        null when type == typeof(float?) => 0.25f,
        null when type == typeof(int?) => 7,
        _ => throw new AssertInconclusiveException($"no test value for {type.Name}"),
    };
}
