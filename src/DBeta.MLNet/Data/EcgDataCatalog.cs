using Microsoft.ML;

namespace DBeta.MLNet;

/// <summary>
/// Loads ECGs into ML.NET: <c>mlContext.Data.LoadEcgFromHdf5(...)</c>, <c>LoadEcgFromWfdb(...)</c>,
/// <c>LoadEcgFromNpy(...)</c>, <c>LoadEcg(...)</c> (format from the path) and <c>LoadEcgLabels(...)</c>.
/// Each returns an <see cref="EcgDataView"/> with columns <c>Id</c> and <c>Ecg</c> (and labels when
/// <see cref="EcgLoaderOptions.Labels"/> is set).
/// </summary>
public static class EcgDataCatalog
{
    /// <summary>Loads an HDF5 file in the CODE / CODE-15 layout (<c>tracings</c> <c>[N, T, 12]</c>, 400 Hz unless the options say otherwise).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file does not have the CODE layout.</exception>
    public static EcgDataView LoadEcgFromHdf5(this DataOperationsCatalog catalog, string path, Hdf5EcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new Hdf5EcgLoaderOptions();
        return EcgDataView.OverFile(() => new Hdf5EcgSource(path, options), options);
    }

    /// <summary>Loads the WFDB records of a folder, or one record given by its <c>.hea</c> path.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">A record is bad, lacks a lead, or differs from the others in rate or length.</exception>
    public static EcgDataView LoadEcgFromWfdb(this DataOperationsCatalog catalog, string folderOrHeader, WfdbEcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        // A WFDB source holds no open files and reads statelessly, so the view keeps one for all its cursors.
        return new EcgDataView(new WfdbEcgSource(folderOrHeader, options), options);
    }

    /// <summary>Loads the WFDB records whose <c>.hea</c> files are listed, in that order.</summary>
    /// <exception cref="FileNotFoundException">A header does not exist.</exception>
    /// <exception cref="EcgDataException">A record is bad, lacks a lead, or differs from the others in rate or length.</exception>
    public static EcgDataView LoadEcgFromWfdb(this DataOperationsCatalog catalog, IEnumerable<string> headerFiles, WfdbEcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgDataView(new WfdbEcgSource(headerFiles, options), options);
    }

    /// <summary>Loads a <c>.npy</c> array of ECGs laid out as <paramref name="layout"/> says, sampled at <paramref name="sampleRate"/> Hz.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file is not a float32/float64 C-order array of that layout.</exception>
    public static EcgDataView LoadEcgFromNpy(this DataOperationsCatalog catalog, string path, NpyEcgLayout layout, double sampleRate, IReadOnlyList<string>? ids = null) =>
        catalog.LoadEcgFromNpy(path, new NpyEcgLoaderOptions { Layout = layout, SampleRate = sampleRate, Ids = ids });

    /// <summary>Loads a <c>.npy</c> array of ECGs with all options.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">The file is not a float32/float64 C-order array of that layout.</exception>
    public static EcgDataView LoadEcgFromNpy(this DataOperationsCatalog catalog, string path, NpyEcgLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return EcgDataView.OverFile(() => new NpyEcgSource(path, options), options);
    }

    /// <summary>Loads ECGs in the format <see cref="EcgSources.DetectFormat"/> finds (or <paramref name="format"/>), as <see cref="EcgSources.Open"/> does.</summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">The file cannot be read as ECGs of that format.</exception>
    public static EcgDataView LoadEcg(this DataOperationsCatalog catalog, string path, EcgFormat format = EcgFormat.Auto, EcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (format == EcgFormat.Auto) format = EcgSources.DetectFormat(path);
        if (format == EcgFormat.Wfdb) return new EcgDataView(EcgSources.Open(path, format, options), options);
        return EcgDataView.OverFile(() => EcgSources.Open(path, format, options), options);
    }

    /// <summary>A view over a source the caller opened (and disposes); cursors take turns reading it.</summary>
    public static EcgDataView LoadEcg(this DataOperationsCatalog catalog, IEcgSource source, EcgLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EcgDataView(source, options);
    }

    /// <summary>Reads labels from a CSV file, to attach with <see cref="EcgLoaderOptions.Labels"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="EcgDataException">A missing column, a ragged row, a value that is not 0/1, or a duplicate id.</exception>
    public static EcgLabels LoadEcgLabels(this DataOperationsCatalog catalog, string csvPath, EcgLabelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return EcgLabels.LoadCsv(csvPath, options);
    }
}
