using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Loads PhysioNet/CinC Challenge 2020/2021 records (CPSC2018, CPSC-Extra, INCART, PTB, PTB-XL, Georgia,
    /// Chapman-Shaoxing, Ningbo: WFDB headers over <c>.mat</c> files) from a folder (subfolders included) or one header:
    /// columns <c>Id</c>, <c>Ecg</c> (each record fitted to 500 Hz x 5000 samples by default, whatever its rate and
    /// length), one Boolean column per label named by the Challenge's abbreviation (the 26 scored classes by default),
    /// <c>Labels</c>, and <c>Dx</c> (the codes as written), <c>Sex</c>, <c>Database</c> and <c>Age</c> (NaN when unknown).
    /// Codes outside the label set are listed in <see cref="EcgDataView.Notes"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing exists at the path.</exception>
    /// <exception cref="EcgDataException">A header is bad or lacks <c>#Dx</c>, a code is malformed or unknown, or a signal file cannot be read.</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadChallengeEcgs("challenge-2021/training");   // 500 Hz x 5000, 26 label columns
    /// var embedded = mlContext.Transforms.EmbedEcgWithDBeta("dbeta-ecg.onnx").Fit(ecgs).Transform(ecgs);
    /// </code></example>
    public static EcgDataView LoadChallengeEcgs(this DataOperationsCatalog catalog, string folderOrHeader, ChallengeLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var dataset = ChallengeDataset.Open(folderOrHeader, options);
        return new EcgDataView(dataset.OpenSource(), dataset.ViewOptions());
    }
}
