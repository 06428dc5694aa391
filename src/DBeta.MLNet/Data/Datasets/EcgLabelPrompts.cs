namespace DBeta.MLNet;

/// <summary>
/// Zero-shot prompts for a dataset's labels, where the user gives none: each label's description from
/// <see cref="IEcgDataset.DescribeLabel"/>, as written (D-BETA's lowercasing is the tokenizer's,
/// <see cref="DBetaTextTokenizerOptions.Lowercase"/>).
/// </summary>
internal static class EcgLabelPrompts
{
    /// <summary>The prompts of the labels that have a description, in label order; see <see cref="Unworded"/> for the rest.</summary>
    /// <exception cref="EcgDataException">No label of <paramref name="dataset"/> has a description.</exception>
    public static PromptSet For(IEcgDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var prompts = dataset.Labels.Names
            .Select(label => (label, text: dataset.DescribeLabel(label)))
            .Where(p => !string.IsNullOrWhiteSpace(p.text))
            .Select(p => KeyValuePair.Create(p.label, p.text!))
            .ToArray();
        if (prompts.Length == 0)
            throw new EcgDataException(dataset.Path, $"none of its {dataset.Labels.Names.Count} labels has a description to prompt with; give a prompt file");
        return new PromptSet(prompts);
    }

    /// <summary>The labels of <paramref name="dataset"/> without a description (codes outside the Challenge's tables), which zero-shot cannot score.</summary>
    public static IReadOnlyList<string> Unworded(IEcgDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return [.. dataset.Labels.Names.Where(label => string.IsNullOrWhiteSpace(dataset.DescribeLabel(label)))];
    }
}
