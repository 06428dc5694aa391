using System.Buffers.Binary;
using System.Reflection;
using Parquet.Meta;

namespace DBeta.MLNet;

/// <summary>
/// Decodes a Parquet file's footer and page headers once with Parquet.Net's own Thrift reader, over a stream that
/// throws at its end, and checks the sizes they claim against the file before <c>ParquetReader</c> acts on them.
/// Parquet.Net 6.1 reads varints byte by byte and takes the -1 of an exhausted stream for a byte with the continuation
/// bit, so a corrupt footer loops forever, and it allocates the page sizes a header claims before reading the page.
/// </summary>
internal static class ParquetLayoutCheck
{
    // A page decompresses to at most this many bytes per stored byte (deflate's limit is about 1032), plus one MiB.
    private const long MaxExpansion = 1032;

    // A page header holds a few numbers and optional min/max statistics; it is walked within this many bytes.
    private const long MaxHeaderBytes = 1 << 20;

    private static readonly Func<Stream, object>? DecodeFooter = FindDecoder("Parquet.Meta.FileMetaData");
    private static readonly Func<Stream, object>? DecodePageHeader = FindDecoder("Parquet.Meta.PageHeader");

    /// <summary>Whether the Parquet.Net internals the checks call were found (a package update may move them).</summary>
    public static bool Available => DecodeFooter is not null && DecodePageHeader is not null;

    /// <summary>Checks the footer of <paramref name="file"/> and leaves its position at the start.</summary>
    /// <exception cref="EmbeddingFileException">The footer length or the footer itself is corrupt.</exception>
    public static void CheckFooter(string path, Stream file)
    {
        long length = file.Length;
        if (length < 12) throw new EmbeddingFileException(path, $"is not a readable Parquet file (only {length} bytes)");
        Span<byte> tail = stackalloc byte[8];
        file.Seek(-8, SeekOrigin.End);
        file.ReadExactly(tail);
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (!tail[4..].SequenceEqual("PAR1"u8))
            throw new EmbeddingFileException(path, "is not a readable Parquet file (no 'PAR1' at its end)");
        if (footerLength <= 0 || footerLength > length - 12)
            throw new EmbeddingFileException(path, $"is not a readable Parquet file (its footer claims {footerLength} bytes of a {length}-byte file)");
        var footer = new byte[footerLength];
        file.Seek(-8 - footerLength, SeekOrigin.End);
        file.ReadExactly(footer);
        file.Seek(0, SeekOrigin.Begin);
        if (ThriftCompactWalker.Check(footer) is string problem)
            throw new EmbeddingFileException(path, $"is not a readable Parquet file (its footer: {problem})");
        Decode(DecodeFooter, new MemoryStream(footer, writable: false), path, "its footer");
    }

    /// <summary>Walks the page headers of every column chunk of <paramref name="group"/>, checking each page's sizes.</summary>
    /// <exception cref="EmbeddingFileException">A chunk or page lies outside the file or claims a size its bytes cannot hold.</exception>
    public static void CheckPages(string path, Stream file, RowGroup group, int index)
    {
        long length = file.Length;
        foreach (var chunk in group.Columns)
        {
            var meta = chunk.MetaData ?? throw new EmbeddingFileException(path, $"row group {index} has a column chunk without metadata");
            string column = string.Join('.', meta.PathInSchema ?? []);
            long start = meta.DictionaryPageOffset is long d && d > 0 && d < meta.DataPageOffset ? d : meta.DataPageOffset;
            long end = start + meta.TotalCompressedSize;
            if (start < 4 || meta.TotalCompressedSize <= 0 || end > length - 8)
                throw new EmbeddingFileException(path, $"row group {index}, column '{column}': its pages at {start}..{end} lie outside the file's {length} bytes");
            long position = start;
            while (position < end)
            {
                var bytes = new byte[Math.Min(end - position, MaxHeaderBytes)];
                file.Position = position;
                file.ReadExactly(bytes);
                if (ThriftCompactWalker.Check(bytes) is string problem)
                    throw new EmbeddingFileException(path, $"is not a readable Parquet file (row group {index}, column '{column}', the page header at {position}: {problem})");
                file.Position = position;
                var header = (PageHeader)Decode(DecodePageHeader, file, path, $"row group {index}, column '{column}', the page header at {position}")!;
                long next = file.Position + (long)header.CompressedPageSize;
                if (header.CompressedPageSize < 0 || next > end)
                    throw new EmbeddingFileException(path, $"row group {index}, column '{column}': the page at {position} claims {header.CompressedPageSize} bytes, past the column's end at {end}");
                if (header.UncompressedPageSize < 0 || header.UncompressedPageSize > MaxExpansion * header.CompressedPageSize + (1 << 20))
                    throw new EmbeddingFileException(path, $"row group {index}, column '{column}': the page at {position} claims to expand from {header.CompressedPageSize} to {header.UncompressedPageSize} bytes");
                position = next;
            }
        }
        file.Position = 0;
    }

    private static object? Decode(Func<Stream, object>? decode, Stream bytes, string path, string what)
    {
        if (decode is null) return null;
        try
        {
            return decode(new EndCheckedStream(bytes, path, leaveOpen: true));
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner && inner is not OperationCanceledException)
        {
            throw new EmbeddingFileException(path, $"is not a readable Parquet file ({what}: {inner.Message})", inner);
        }
    }

    private static Func<Stream, object>? FindDecoder(string typeName)
    {
        var assembly = typeof(Parquet.ParquetReader).Assembly;
        var readerType = assembly.GetType("Parquet.Meta.Proto.ThriftCompactProtocolReader");
        var constructor = readerType?.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(Stream)]);
        var read = readerType is null ? null : assembly.GetType(typeName)?.GetMethod("Read", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static, [readerType]);
        if (constructor is null || read is null) return null;
        return stream => read.Invoke(null, [constructor.Invoke([stream])])!;
    }
}
