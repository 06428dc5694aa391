using Microsoft.ML;

namespace DBeta.MLNet;

public static partial class EcgDataCatalog
{
    /// <summary>
    /// Loads MIMIC-IV-ECG from its own folder: the records of <c>record_list.csv</c> in file order (WFDB, 500 Hz) with
    /// columns <c>Id</c> (the study_id), <c>Ecg</c>, <c>Report</c> (the machine report: the non-empty
    /// <c>report_0</c> ... <c>report_17</c> of <c>machine_measurements.csv</c>, trimmed and joined by
    /// <see cref="MimicIvEcgOptions.ReportSeparator"/>, empty for a study without a row) and <c>SubjectId</c> (for
    /// patient-level splits). There are no label columns.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder or one of its CSV files does not exist.</exception>
    /// <exception cref="EcgDataException">A bad row, a study listed twice, a bad record, or listed records missing on disk (unless <see cref="EcgDatasetOptions.MissingRecords"/> is Skip).</exception>
    /// <example><code>
    /// var ecgs = mlContext.Data.LoadMimicIvEcg("mimic-iv-ecg", new MimicIvEcgOptions { MissingRecords = MissingRecordHandling.Skip });
    /// var texts = mlContext.Transforms.EmbedTextWithDBeta("dbeta-text.onnx", "spiece.model", inputColumnName: "Report");
    /// </code></example>
    public static EcgDataView LoadMimicIvEcg(this DataOperationsCatalog catalog, string folder, MimicIvEcgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new MimicIvEcgOptions();
        var dataset = MimicIvEcgDataset.Open(folder, options);
        var texts = new EcgRecordColumns()
            .AddText(DBetaColumnNames.Report, [.. dataset.Reports])
            .AddText(DBetaColumnNames.SubjectId, [.. dataset.SubjectIds]);
        // WFDB sources hold no open files, so the view keeps one for all its cursors.
        return new EcgDataView(dataset.OpenSource(), options.ToLoaderOptions(dataset, texts));
    }
}
