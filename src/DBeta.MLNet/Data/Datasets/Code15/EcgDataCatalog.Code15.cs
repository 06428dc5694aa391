using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Loads CODE-15% from its own layout: the HDF5 parts of <paramref name="path"/> (a folder of
    /// <c>exams_partN.hdf5</c>, or one part) joined on <c>exam_id</c> with <c>exams.csv</c> beside them, with one Boolean
    /// column per label of <see cref="CodeLabels.Names"/> (1dAVb, RBBB, LBBB, SB, AF, ST) and the <c>Labels</c> vector.
    /// Records come part by part (names in natural order: part 2 before part 10), rows in file order. HDF5 rows whose
    /// exam_id the table does not list (the zero padding row that ends each part) are never read as ECGs: they are
    /// listed in <see cref="EcgDataView.SkippedRecords"/>. Exams of parts not in the folder are not loaded.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing at the path, or no exam table.</exception>
    /// <exception cref="EcgDataException">A part without <c>exam_id</c> or not in the CODE layout, a bad table row, an exam in two rows, or exams the table places in a part that lacks them (unless <see cref="EcgDatasetOptions.MissingRecords"/> is Skip).</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadCode15("code15");               // exams.csv + exams_part0..17.hdf5, 400 Hz
    /// var model = mlContext.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
    ///     .Append(mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx")).Fit(ecgs);
    /// </code></example>
    public static EcgDataView LoadCode15(this DataOperationsCatalog catalog, string path, Code15Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new Code15Options();
        var dataset = Code15Dataset.Open(path, options);
        // HDF5 parts hold open files, so each cursor opens its own.
        return EcgDataView.OverFile(dataset.OpenSource, options.ToLoaderOptions(dataset));
    }
}
