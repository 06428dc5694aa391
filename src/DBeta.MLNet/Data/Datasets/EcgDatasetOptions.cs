namespace DBeta.MLNet;

/// <summary>
/// Options every dataset loader shares (<c>LoadPtbXl</c>, <c>LoadCode15</c>, <c>LoadMimicIvEcg</c>); the dataset's own
/// options derive from it. The labels come from the dataset's own files, so there is no label file to give.
/// </summary>
public abstract class EcgDatasetOptions
{
    // Only this library's dataset options derive from it: the loaders know each one.
    private protected EcgDatasetOptions()
    {
    }

    /// <summary>What to do with a record the index file lists but the folder lacks. Default: <see cref="MissingRecordHandling.Reject"/>.</summary>
    public MissingRecordHandling MissingRecords { get; set; } = MissingRecordHandling.Reject;

    /// <summary>What to do with a record holding a NaN or infinite value. Default: <see cref="InvalidValueHandling.Reject"/>.</summary>
    public InvalidValueHandling InvalidValues { get; set; } = InvalidValueHandling.Reject;

    /// <summary>Records read per file access by a cursor (memory per cursor is about <c>BlockSize * 12 * T * 4</c> bytes). Default: 32.</summary>
    public int BlockSize { get; set; } = 32;

    /// <summary>
    /// Adds the columns <c>SourceFile</c> (text) and <c>RowIndex</c> (Int64): each record's own file and its row there
    /// (a PTB-XL or MIMIC-IV-ECG record's <c>.hea</c> and 0, a CODE-15% exam's HDF5 part and its row in it).
    /// <c>SaveColumnAsNpy</c> writes them to its ids CSV, as <c>dbeta embed --ids</c> does. Default: false.
    /// </summary>
    public bool IncludeSourceColumns { get; set; }

    /// <summary>
    /// The loader options of the view over <paramref name="dataset"/>'s records: its labels when it has any, the records
    /// it left out, and <paramref name="columns"/> (one value per record).
    /// </summary>
    internal EcgLoaderOptions ToLoaderOptions(IEcgDataset dataset, EcgRecordColumns? columns = null) => new()
    {
        InvalidValues = InvalidValues,
        BlockSize = BlockSize,
        Labels = dataset.Labels.Names.Count > 0 ? dataset.Labels : null,
        SkippedRecords = dataset.Skipped,
        RecordColumns = columns,
        IncludeSourceColumns = IncludeSourceColumns,
    };
}
