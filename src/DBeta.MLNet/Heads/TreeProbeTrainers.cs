using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>Makes the trainer of a tree probe head; implemented by the DBeta.MLNet.Trees package.</summary>
internal interface ITreeProbeTrainerFactory
{
    IEstimator<ITransformer> Create(MLContext ml, MultiLabelProbeOptions options, string label, string features);
}

/// <summary>
/// Finds the tree heads of the DBeta.MLNet.Trees package when the application references it: looked up by name so the
/// core package carries neither FastTree nor LightGBM (and its native library) for apps that only embed or use a linear probe.
/// </summary>
internal static class TreeProbeTrainers
{
    internal const string FactoryTypeName = "DBeta.MLNet.TreeProbeTrainerFactory, DBeta.MLNet.Trees";

    private static readonly Lazy<ITreeProbeTrainerFactory?> Factory = new(() =>
        Type.GetType(FactoryTypeName, throwOnError: false) is { } type ? (ITreeProbeTrainerFactory?)Activator.CreateInstance(type) : null);

    /// <summary>Whether <paramref name="head"/> is one of the package's heads (FastTree, LightGBM).</summary>
    internal static bool IsTreeHead(ProbeHead head) => head is ProbeHead.FastTree or ProbeHead.LightGbm;

    /// <summary>The factory, or a clear error naming the package to add, raised before any training.</summary>
    internal static ITreeProbeTrainerFactory Require(ProbeHead head) =>
        Factory.Value ?? throw new InvalidOperationException(
            $"The {head} probe head is in the DBeta.MLNet.Trees package, which this application does not reference: " +
            "dotnet add package DBeta.MLNet.Trees");
}
