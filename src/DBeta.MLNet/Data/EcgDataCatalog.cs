using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// <c>mlContext.Data</c> extensions of DBeta.MLNet. ECG loaders (<c>LoadEcgFromHdf5</c>, <c>LoadEcgFromWfdb</c>,
/// <c>LoadEcgFromNpy</c>, <c>LoadEcg</c> with the format from the path, <c>LoadEcgLabels</c>, <c>LoadSyntheticEcgs</c>)
/// return views with columns <c>Id</c> and <c>Ecg</c> (and labels when <see cref="EcgLoaderOptions.Labels"/> is set);
/// the rest read and write what a run produces: embeddings (<c>LoadEmbeddingsFromParquet</c>,
/// <c>LoadEmbeddingsFromNpy</c>, <c>SaveColumnAsNpy</c>), scores (<c>SaveScoresAsCsv</c>) and synthetic CODE files.
/// </summary>
public static partial class EcgDataCatalog
{
    /// <summary>Loads an HDF5 file in the CODE / CODE-15 layout (<c>tracings</c> <c>[N, T, 12]</c>, 400 Hz unless the options say otherwise).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file does not have the CODE layout.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromHdf5("exams.h5");        // CODE layout, 400 Hz
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadEcgFromHdf5(this DataOperationsCatalog catalog, string path, Hdf5EcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new Hdf5EcgLoaderOptions();
        return EcgDataView.OverFile(() => new Hdf5EcgSource(path, options), options);
    }

    /// <summary>Loads the WFDB records of a folder, or one record given by its <c>.hea</c> path.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">A record is bad, lacks a lead, or differs from the others in rate or length.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromWfdb("ptb-xl/records500/00000");  // a folder of .hea/.dat
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadEcgFromWfdb(this DataOperationsCatalog catalog, string folderOrHeader, WfdbEcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // A WFDB source holds no open files and reads statelessly, so the view keeps one for all its cursors.
        return new EcgDataView(new WfdbEcgSource(folderOrHeader, options), options);
    }

    /// <summary>Loads the WFDB records whose <c>.hea</c> files are listed, in that order.</summary>
    /// <exception cref="FileNotFoundException">A header does not exist.</exception>
    /// <exception cref="EcgDataException">A record is bad, lacks a lead, or differs from the others in rate or length.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromWfdb("ptb-xl/records500/00000");  // a folder of .hea/.dat
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadEcgFromWfdb(this DataOperationsCatalog catalog, IEnumerable<string> headerFiles, WfdbEcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgDataView(new WfdbEcgSource(headerFiles, options), options);
    }

    /// <summary>Loads a <c>.npy</c> array of ECGs laid out as <paramref name="layout"/> says, sampled at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file is not a float32/float64 C-order array of that layout.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromNpy("ecgs.npy", NpyEcgLayout.LeadMajor, sampleRate: 500);
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadEcgFromNpy(this DataOperationsCatalog catalog, string path, NpyEcgLayout layout, double sampleRate, IReadOnlyList<string>? ids = null) =>
        catalog.LoadEcgFromNpy(path, new NpyEcgLoaderOptions { Layout = layout, SampleRate = sampleRate, Ids = ids });

    /// <summary>Loads a <c>.npy</c> array of ECGs with all options.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file is not a float32/float64 C-order array of that layout.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcgFromNpy("ecgs.npy", NpyEcgLayout.LeadMajor, sampleRate: 500);
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadEcgFromNpy(this DataOperationsCatalog catalog, string path, NpyEcgLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return EcgDataView.OverFile(() => new NpyEcgSource(path, options), options);
    }

    /// <summary>
    /// Loads ECGs from <paramref name="path"/> in the format its content shows: CODE-layout HDF5, a WFDB header or a
    /// folder of records, or a <c>.npy</c> array (which needs <see cref="NpyEcgLoaderOptions"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">The file cannot be read as ECGs.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadEcg("records/");            // WFDB folder, HDF5 or .npy
    /// </code></example>
    public static EcgDataView LoadEcg(this DataOperationsCatalog catalog, string path, EcgLoaderOptions? options = null) =>
        catalog.LoadEcg(path, EcgFormat.Auto, options);

    /// <summary>Loads ECGs in <paramref name="format"/> (<see cref="EcgFormat.Auto"/>: as <see cref="EcgSources.DetectFormat"/> finds).</summary>
    internal static EcgDataView LoadEcg(this DataOperationsCatalog catalog, string path, EcgFormat format, EcgLoaderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (format == EcgFormat.Auto) format = EcgSources.DetectFormat(path);
        if (format == EcgFormat.Wfdb) return new EcgDataView(EcgSources.Open(path, format, options), options);
        if (format == EcgFormat.Challenge)
        {
            var dataset = ChallengeDataset.Open(path, options as ChallengeLoaderOptions);
            var viewOptions = dataset.ViewOptions();
            // Also when the options are the generic ones rather than ChallengeLoaderOptions.
            viewOptions.IncludeSourceColumns |= options?.IncludeSourceColumns ?? false;
            return new EcgDataView(dataset.OpenSource(), viewOptions);
        }
        return EcgDataView.OverFile(() => EcgSources.Open(path, format, options), options);
    }

    /// <summary>A view over a source the caller opened (and disposes); cursors take turns reading it.</summary>
    internal static EcgDataView LoadEcg(this DataOperationsCatalog catalog, IEcgSource source, EcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgDataView(source, options);
    }

    /// <summary>Reads labels from a CSV file, to attach with <see cref="EcgLoaderOptions.Labels"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">A missing column, a ragged row, a value that is not 0/1, or a duplicate id.</exception>
    /// <example><code>
    /// var labels = mlContext.Data.LoadEcgLabels("gold_standard.csv");
    /// var ecgs = mlContext.Data.LoadEcgFromHdf5("ecg_tracings.h5", new Hdf5EcgLoaderOptions { Labels = labels });
    /// </code></example>
    public static EcgLabels LoadEcgLabels(this DataOperationsCatalog catalog, string csvPath, EcgLabelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EcgLabels.LoadCsv(csvPath, options);
    }

    /// <summary>
    /// Loads cached embeddings from an <c>[N, D]</c> float32/float64 <c>.npy</c> (e.g. <c>dbeta embed --out e.npy</c>) as
    /// a view with an <c>Embedding</c> column and, when <paramref name="labelsCsvPath"/> is given, one Boolean column per
    /// label from a CSV with a header of label names and N rows of 0/1 in the same order (CODE-test's
    /// <c>gold_standard.csv</c> layout): train probes without embedding again.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="embeddingsNpyPath">The embeddings.</param>
    /// <param name="labelsCsvPath">The labels, or null for none.</param>
    /// <param name="labelNames">Columns of the CSV to keep; default all.</param>
    /// <exception cref="EcgDataException">A malformed file, a missing label column, a non-finite embedding or differing row counts; the message names the file.</exception>
    /// <example><code>
    /// var train = mlContext.Data.LoadEmbeddingsFromNpy("train.npy", "train-labels.csv");
    /// var probe = mlContext.BinaryClassification.Trainers.MultiLabelProbe().Fit(train);
    /// </code></example>
    public static IDataView LoadEmbeddingsFromNpy(this DataOperationsCatalog catalog, string embeddingsNpyPath, string? labelsCsvPath = null,
        IReadOnlyList<string>? labelNames = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EmbeddingDataset.Load(embeddingsNpyPath, labelsCsvPath, labelNames);
    }
}
