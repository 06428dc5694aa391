using YamlDotNet.RepresentationModel;

namespace DBeta.MLNet.Tests.TestSupport;

/// <summary>The deployment files in <c>deploy/</c>, parsed: the Kubernetes Jobs as YAML trees, the sbatch script as text.</summary>
internal static class DeployFiles
{
    public static string KubernetesJobPath => Path.Combine(RepoPaths.Root, "deploy", "kubernetes", "embed-job.yaml");

    public static string SlurmScriptPath => Path.Combine(RepoPaths.Root, "deploy", "slurm", "embed-array.sbatch");

    /// <summary>Every document of <c>embed-job.yaml</c>.</summary>
    public static IReadOnlyList<YamlMappingNode> KubernetesJobs()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(KubernetesJobPath);
        stream.Load(reader);
        return [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
    }

    public static YamlNode At(YamlNode node, params string[] path)
    {
        foreach (string key in path)
        {
            var map = node as YamlMappingNode ?? throw new AssertFailedException($"'{key}': parent is not a mapping");
            Assert.IsTrue(map.Children.TryGetValue(new YamlScalarNode(key), out var child), $"no '{key}' in {string.Join('.', path)}");
            node = child;
        }
        return node;
    }

    public static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)At(node, path)).Value!;

    /// <summary>The first container of a Job's pod template.</summary>
    public static YamlMappingNode Container(YamlMappingNode job) =>
        (YamlMappingNode)((YamlSequenceNode)At(job, "spec", "template", "spec", "containers")).Children[0];

    public static string[] Args(YamlMappingNode job) =>
        [.. ((YamlSequenceNode)At(Container(job), "args")).Children.Select(c => ((YamlScalarNode)c).Value!)];

    public static Dictionary<string, string> Env(YamlMappingNode job) =>
        ((YamlSequenceNode)At(Container(job), "env")).Children.Cast<YamlMappingNode>()
            .ToDictionary(e => Scalar(e, "name"), e => Scalar(e, "value"));
}
