namespace DBeta.MLNet;

/// <summary>
/// Writes a float32 <c>.npy</c> file row by row when the number of rows is not known up front
/// (e.g. <c>[N, 12, 5000]</c> preprocessed ECGs or <c>[N, 768]</c> embeddings): rows are appended to a temporary
/// file, and <see cref="Complete"/> writes the header with the final N and moves the file into place. Disposing
/// without <see cref="Complete"/> leaves no output. Not thread-safe.
/// </summary>
internal sealed class NpyStreamWriter : IDisposable
{
    private readonly PendingFile _file;
    private readonly long[] _rowShape;
    private bool _completed;

    /// <summary>Starts <paramref name="path"/> (under a temporary name) for rows of shape <paramref name="rowShape"/> (e.g. <c>12, 5000</c> or <c>768</c>).</summary>
    public NpyStreamWriter(string path, params long[] rowShape)
    {
        RowLength = NpyWriter.CheckShape(rowShape);
        if (RowLength == 0) throw new ArgumentException("rows must hold at least one value", nameof(rowShape));
        _rowShape = [.. rowShape];
        _file = new PendingFile(path);
        // The header's length does not depend on N (numpy reserves room for 21 digits), so it can be rewritten in place.
        _file.Stream.Write(NpyHeader.Format("<f4", [0, .. _rowShape]));
    }

    /// <summary>Elements per row.</summary>
    public long RowLength { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Appends one or more whole rows (C order); the length must be a multiple of <see cref="RowLength"/>.</summary>
    public void WriteRows(ReadOnlySpan<float> rows)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (rows.Length % RowLength != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of {RowLength}", nameof(rows));
        NpyWriter.WriteFloats(_file.Stream, rows);
        RowCount += rows.Length / RowLength;
    }

    /// <summary>Writes the final header and moves the file to its path.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _file.Stream.Position = 0;
        _file.Stream.Write(NpyHeader.Format("<f4", [RowCount, .. _rowShape]));
        _file.Commit();
        _completed = true;
    }

    /// <summary>Closes the file; without <see cref="Complete"/> nothing is left on disk.</summary>
    public void Dispose()
    {
        _file.Dispose();
        _completed = true;
    }
}
