using DBeta.MLNet;

namespace DBeta.Cli.Commands;

/// <summary>The probe heads by the names <c>--head</c> and <c>--heads</c> take.</summary>
internal static class ProbeHeadNames
{
    /// <summary>Name to head; <c>lr</c> and <c>lbfgs</c> both name L-BFGS logistic regression.</summary>
    public static IReadOnlyDictionary<string, ProbeHead> All { get; } = new Dictionary<string, ProbeHead>
    {
        ["lr"] = ProbeHead.LbfgsLogisticRegression,
        ["lbfgs"] = ProbeHead.LbfgsLogisticRegression,
        ["sdca"] = ProbeHead.SdcaLogisticRegression,
        ["fasttree"] = ProbeHead.FastTree,
        ["lightgbm"] = ProbeHead.LightGbm,
    };
}
