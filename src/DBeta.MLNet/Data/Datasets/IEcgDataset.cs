namespace DBeta.MLNet;

/// <summary>
/// A labelled collection in a dataset's own layout (PhysioNet Challenge folders, PTB-XL, CODE-15%, MIMIC-IV-ECG):
/// which records it holds, in load order, their labels, and the records it left out and why. Its ECGs are read
/// through <see cref="OpenSource"/>; the catalog's dataset loaders turn one into an <see cref="EcgDataView"/> with
/// the labels attached, and <c>dbeta labels</c> writes <see cref="Labels"/> in the order <c>dbeta embed</c> writes ids.
/// </summary>
internal interface IEcgDataset
{
    /// <summary>The folder or file given.</summary>
    string Path { get; }

    /// <summary>Record ids in load order (the order of <see cref="OpenSource"/>'s records and of the label rows).</summary>
    IReadOnlyList<string> Ids { get; }

    /// <summary>One row per record of <see cref="Ids"/>, in the same order, joined on the id.</summary>
    EcgLabels Labels { get; }

    /// <summary>Records the layout lists but the load left out, each as <c>id: reason</c> (e.g. no label in the chosen set).</summary>
    IReadOnlyList<string> Skipped { get; }

    /// <summary>What the dataset kept but could not map, one line each (e.g. Challenge codes outside the label set); empty for most layouts.</summary>
    IReadOnlyList<string> Notes => [];

    /// <summary>The patient of each record of <see cref="Ids"/> where the layout records it (PTB-XL, CODE-15%), else null: the groups a split keeps together.</summary>
    IReadOnlyList<string>? PatientIds => null;

    /// <summary>The dataset's own train / validation / test split of <see cref="Ids"/> (PTB-XL's folds 1-8 / 9 / 10), else null.</summary>
    IReadOnlyList<EcgSplitPart>? StandardSplit => null;

    /// <summary>
    /// <paramref name="label"/> (one of <see cref="Labels"/>' names) in words, for zero-shot prompts: the dataset's
    /// own description (PTB-XL's statement table, the Challenge's SNOMED CT names) or this project's wording; null
    /// when there is none.
    /// </summary>
    string? DescribeLabel(string label) => null;

    /// <summary>Opens the ECGs of exactly <see cref="Ids"/>, in that order; the caller disposes it.</summary>
    IEcgSource OpenSource();
}
