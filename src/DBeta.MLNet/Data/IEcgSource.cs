namespace DBeta.MLNet;

/// <summary>
/// A collection of fixed-length 12-lead ECGs read by index from one file or a set of files: every record has the
/// same <see cref="SampleRate"/> and <see cref="SampleCount"/>, comes out lead-major (<c>[lead, time]</c>) in
/// millivolts with leads in <see cref="EcgLeads.Standard"/> order. Open one with <see cref="EcgSources.Open"/>.
/// </summary>
/// <remarks>
/// An instance is not safe for concurrent use: read from one thread at a time, or open one source per thread
/// (<see cref="EcgDataView"/> does this for its cursors).
/// </remarks>
internal interface IEcgSource : IDisposable
{
    /// <summary>The file or folder read, as given.</summary>
    string Path { get; }

    /// <summary>Number of records.</summary>
    int Count { get; }

    /// <summary>Sampling rate of every record, in Hz.</summary>
    double SampleRate { get; }

    /// <summary>Samples per lead of every record.</summary>
    int SampleCount { get; }

    /// <summary>Leads per record (12, in <see cref="EcgLeads.Standard"/> order).</summary>
    int LeadCount { get; }

    /// <summary>Identifier of record <paramref name="index"/>: exam id, WFDB record name, or the row index.</summary>
    string GetId(int index);

    /// <summary>
    /// Where record <paramref name="index"/> is stored, as the ids CSV and embedding files name it: the file a user opens
    /// to find it and its row in that file. By default <see cref="Path"/> and the index (an HDF5 or <c>.npy</c> file);
    /// a WFDB record's own header and row 0 (with windows, the window's number within its record); a CODE-15% exam's
    /// HDF5 part and its row there.
    /// </summary>
    (string File, long Row) GetLocation(int index);

    /// <summary>
    /// Reads records <c>[start, start + count)</c> into <paramref name="destination"/>, laid out
    /// <c>[count, LeadCount, SampleCount]</c>. A NaN or infinite value raises an <see cref="EcgDataException"/> naming
    /// the file, the record, the lead and the sample.
    /// </summary>
    void ReadBlock(int start, int count, Span<float> destination);

    /// <summary>
    /// Like <see cref="ReadBlock(int, int, Span{float})"/>, but instead of throwing on NaN or infinite values sets
    /// <c>valid[i]</c> to false for each such record (its values are left as read) and true for the others.
    /// </summary>
    void ReadBlock(int start, int count, Span<float> destination, Span<bool> valid);

    /// <summary>Reads one record (values checked as by <see cref="ReadBlock(int, int, Span{float})"/>).</summary>
    EcgRecord Read(int index);
}
