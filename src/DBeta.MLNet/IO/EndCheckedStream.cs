namespace DBeta.MLNet;

/// <summary>
/// A read-only view of a seekable stream whose <see cref="ReadByte"/> throws <see cref="EndOfStreamException"/> at the end of the file
/// instead of returning -1. Parquet.Net's Thrift reader decodes varints byte by byte and treats -1 as a byte with the
/// continuation bit set, so a corrupt header running to the end of the file would otherwise loop forever.
/// </summary>
internal sealed class EndCheckedStream(Stream inner, string path, bool leaveOpen = false) : Stream
{
    private readonly Stream _file = inner;

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    public static EndCheckedStream OpenFile(string path) => new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), path);

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _file.Length;

    public override long Position { get => _file.Position; set => _file.Position = value; }

    public override int ReadByte()
    {
        int value = _file.ReadByte();
        return value >= 0 ? value : throw new EndOfStreamException($"{path}: a header runs past the end of its bytes");
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _file.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _file.ReadAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) _file.Dispose();
        base.Dispose(disposing);
    }
}
