using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Loads PTB-XL from its own folder (<c>ptbxl_database.csv</c>, <c>scp_statements.csv</c>, <c>records100/</c> or
    /// <c>records500/</c>) with one Boolean column per label of <paramref name="labelSet"/>, for the folds given.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="folder">The PTB-XL folder.</param>
    /// <param name="labelSet">The benchmark label set.</param>
    /// <param name="sampleRate">100 or 500 Hz.</param>
    /// <param name="folds">The <c>strat_fold</c> values to load (<see cref="PtbXlFolds"/>); null for all ten.</param>
    /// <exception cref="FileNotFoundException">The folder or one of its CSV files does not exist.</exception>
    /// <exception cref="EcgDataException">A bad row, a bad record, or listed records missing on disk.</exception>
    /// <example><code>
    /// var train = mlContext.Data.LoadPtbXl("ptb-xl", PtbXlLabelSet.Superdiagnostic, 500, PtbXlFolds.Train);
    /// var test = mlContext.Data.LoadPtbXl("ptb-xl", PtbXlLabelSet.Superdiagnostic, 500, PtbXlFolds.Test);
    /// </code></example>
    public static EcgDataView LoadPtbXl(this DataOperationsCatalog catalog, string folder, PtbXlLabelSet labelSet = PtbXlLabelSet.Superdiagnostic,
        int sampleRate = 500, IReadOnlyList<int>? folds = null) =>
        catalog.LoadPtbXl(folder, new PtbXlOptions { LabelSet = labelSet, SampleRate = sampleRate, Folds = folds ?? PtbXlFolds.All });

    /// <summary>
    /// Loads PTB-XL with all options: the rows of <c>ptbxl_database.csv</c> in the chosen folds, in file order, with
    /// ids from <c>ecg_id</c> and one Boolean column per label (ordinal order of the names), plus the <c>Labels</c>
    /// vector. Every statement in a record's <c>scp_codes</c> counts, whatever its likelihood; diagnostic statements
    /// give their subclass or class in those sets. Records with no label in the set are left out and listed in
    /// <see cref="EcgDataView.SkippedRecords"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder or one of its CSV files does not exist.</exception>
    /// <exception cref="EcgDataException">A bad row (the message names the file, the row, the line and the ecg_id), a bad record, or listed records missing on disk (unless <see cref="EcgDatasetOptions.MissingRecords"/> is Skip).</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadPtbXl("ptb-xl", new PtbXlOptions { LabelSet = PtbXlLabelSet.Rhythm, SampleRate = 100, Folds = PtbXlFolds.Train });
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadPtbXl(this DataOperationsCatalog catalog, string folder, PtbXlOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        var dataset = PtbXlDataset.Open(folder, options);
        // WFDB sources hold no open files, so the view keeps one for all its cursors.
        return new EcgDataView(dataset.OpenSource(), options.ToLoaderOptions(dataset));
    }
}
