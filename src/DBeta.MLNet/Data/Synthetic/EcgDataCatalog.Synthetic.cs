using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// A streaming data view of <see cref="SyntheticEcgOptions.Count"/> synthetic ECGs with columns <c>Id</c>,
    /// <c>Ecg</c> and one Boolean per CODE label (<c>1dAVb</c>, <c>RBBB</c>, <c>LBBB</c>, <c>SB</c>, <c>AF</c>, <c>ST</c>);
    /// rows are generated on demand and are the same on every pass and every machine.
    /// </summary>
    /// <exception cref="ArgumentException">The options cannot be used (the message names the setting).</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadSyntheticEcgs(new SyntheticEcgOptions { Count = 400, Seed = 42 });
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(sourceRate: 400)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static IDataView LoadSyntheticEcgs(this DataOperationsCatalog catalog, SyntheticEcgOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new SyntheticEcgDataView(options);
    }

    /// <summary>
    /// <paramref name="count"/> synthetic ECGs at 400 Hz (4096 samples, CODE's layout) with the default prevalences and noise.
    /// </summary>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadSyntheticEcgs(new SyntheticEcgOptions { Count = 400, Seed = 42 });
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(sourceRate: 400)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static IDataView LoadSyntheticEcgs(this DataOperationsCatalog catalog, int count, long seed = 42) =>
        catalog.LoadSyntheticEcgs(new SyntheticEcgOptions { Count = count, Seed = seed });

    /// <summary>
    /// Writes <see cref="SyntheticEcgOptions.Count"/> synthetic ECGs as a CODE-layout HDF5 file (<c>tracings</c>
    /// <c>[N, T, 12]</c> float32, <c>exam_id</c> 0..N-1) and their labels as a CSV in CODE-test's
    /// <c>gold_standard.csv</c> layout (header <c>1dAVb,RBBB,LBBB,SB,AF,ST</c>); both files appear complete or not at all.
    /// Load them back with <see cref="LoadEcgFromHdf5"/> and <see cref="LoadEcgLabels"/>.
    /// </summary>
    /// <example><code>
    /// mlContext.Data.SaveSyntheticEcgsAsCode(new SyntheticEcgOptions { Count = 200 }, "synthetic.h5", "gold_standard.csv");
    /// </code></example>
    public static void SaveSyntheticEcgsAsCode(this DataOperationsCatalog catalog, SyntheticEcgOptions options, string hdf5Path, string labelsCsvPath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(hdf5Path);
        ArgumentException.ThrowIfNullOrEmpty(labelsCsvPath);
        options.Validate();
        var generator = new SyntheticEcgGenerator(options);
        var labels = new List<IReadOnlyList<bool>>(options.Count);
        CodeHdf5Writer.Write(hdf5Path, Enumerable.Range(0, options.Count).Select(i => (long)i).ToArray(),
            generator.GenerateAll().Select(ecg =>
            {
                labels.Add(ecg.Labels.ToCodeOrder());
                return ecg.Record;
            }));
        CodeLabelsCsvWriter.Write(labelsCsvPath, labels);
    }
}
