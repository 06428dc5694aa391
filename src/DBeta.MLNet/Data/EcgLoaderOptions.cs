namespace DBeta.MLNet;

/// <summary>Options every ECG loader shares; the format-specific options derive from it.</summary>
public class EcgLoaderOptions
{
    /// <summary>What to do with a record holding a NaN or infinite value. Default: <see cref="InvalidValueHandling.Reject"/>.</summary>
    public InvalidValueHandling InvalidValues { get; set; } = InvalidValueHandling.Reject;

    /// <summary>Records read per file access by a cursor (memory per cursor is about <c>BlockSize * 12 * T * 4</c> bytes). Default: 32.</summary>
    public int BlockSize { get; set; } = 32;

    /// <summary>Labels to add as columns (see <see cref="EcgLabels.LoadCsv"/>). Default: none.</summary>
    public EcgLabels? Labels { get; set; }

    /// <summary>
    /// Adds the columns <c>SourceFile</c> (text) and <c>RowIndex</c> (Int64): the file that holds each record and its row
    /// there (an HDF5 or <c>.npy</c> file and the record's row; a WFDB record's own <c>.hea</c> and 0, or with windows the
    /// window's number in its record). <c>SaveColumnAsNpy</c> writes them to its ids CSV, as <c>dbeta embed --ids</c> does.
    /// Default: false.
    /// </summary>
    public bool IncludeSourceColumns { get; set; }

    /// <summary>Per-record columns a dataset reader adds (age, sex, report text); set by the dataset loaders only.</summary>
    internal EcgRecordColumns? RecordColumns { get; set; }

    /// <summary>What a dataset loader kept but could not map, one line each; shown as <see cref="EcgDataView.Notes"/>.</summary>
    internal IReadOnlyList<string> Notes { get; set; } = [];

    /// <summary>Records a dataset loader found listed but left out, as <c>id: reason</c>; shown as <see cref="EcgDataView.SkippedRecords"/>.</summary>
    internal IReadOnlyList<string> SkippedRecords { get; set; } = [];
}
