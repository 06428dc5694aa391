using PureHDF;
using PureHDF.Selections;

namespace DBeta.MLNet;

/// <summary>
/// Writes ECGs in the layout of the CODE / CODE-15% HDF5 files: dataset <c>tracings</c>, float32 <c>[N, T, 12]</c>
/// (time-major, leads in <see cref="EcgLeads.Standard"/> order, mV), and dataset <c>exam_id</c>, int64 <c>[N]</c>.
/// Records are streamed (written in blocks of about 16 MB), so N is not limited by memory; the file appears under its
/// final name only when complete.
/// </summary>
internal static class CodeHdf5Writer
{
    /// <summary>Name of the signal dataset.</summary>
    public const string TracingsDataset = "tracings";

    /// <summary>Name of the exam id dataset.</summary>
    public const string ExamIdDataset = "exam_id";

    private const int BlockBytes = 16 << 20; // rows buffered per write

    /// <summary>
    /// Writes <paramref name="records"/> (12 leads each, all with the same sample count) under <paramref name="examIds"/>
    /// (one per record, in order) to <paramref name="path"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A record has other than 12 leads or another length than the first, or the counts differ.</exception>
    public static void Write(string path, IReadOnlyList<long> examIds, IEnumerable<EcgRecord> records)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(examIds);
        ArgumentNullException.ThrowIfNull(records);

        using var e = records.GetEnumerator();
        int count = examIds.Count;
        if (count == 0)
        {
            if (e.MoveNext()) throw new ArgumentException("more records than exam ids (0)", nameof(records));
            AtomicFile.WriteVia(path, temp => new H5File
            {
                [TracingsDataset] = new H5Dataset<float[]>(fileDims: [0, (ulong)DBetaConfig.CodeSampleCount, DBetaConfig.LeadCount]),
                [ExamIdDataset] = Array.Empty<long>(),
            }.Write(temp));
            return;
        }

        if (!e.MoveNext()) throw new ArgumentException($"no records, but {count} exam ids", nameof(records));
        EcgRecord first = e.Current;
        int samples = first.SampleCount;
        const int leads = DBetaConfig.LeadCount;

        AtomicFile.WriteVia(path, temp =>
        {
            // Contiguous layout: PureHDF writes hyperslabs of a contiguous dataset straight to disk, whereas chunks are
            // held in memory until the file closes. Rows go out in blocks to keep the number of writes small.
            var tracings = new H5Dataset<float[]>(fileDims: [(ulong)count, (ulong)samples, leads]);
            var file = new H5File
            {
                [TracingsDataset] = tracings,
                [ExamIdDataset] = examIds.ToArray(),
            };
            int rowSize = samples * leads;
            int blockRows = Math.Clamp(BlockBytes / (rowSize * sizeof(float)), 1, count);
            var block = new float[blockRows * rowSize];
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
            using var writer = file.BeginWrite(stream);
            int row = 0, inBlock = 0;
            EcgRecord? record = first;
            while (record is not null)
            {
                if (row >= count) throw new ArgumentException($"more records than exam ids ({count})", nameof(records));
                if (record.LeadCount != leads)
                    throw new ArgumentException($"record {record.Id} (row {row}) has {record.LeadCount} leads, expected {leads}", nameof(records));
                if (record.SampleCount != samples)
                    throw new ArgumentException($"record {record.Id} (row {row}) has {record.SampleCount} samples, expected {samples} like the first record", nameof(records));
                ToTimeMajor(record, block.AsSpan(inBlock * rowSize, rowSize));
                row++;
                inBlock++;
                record = e.MoveNext() ? e.Current : null;
                if (inBlock == blockRows || record is null || row == count)
                {
                    float[] data = inBlock == blockRows ? block : block[..(inBlock * rowSize)];
                    writer.Write(tracings, data, fileSelection: new HyperslabSelection(
                        rank: 3, starts: [(ulong)(row - inBlock), 0, 0], blocks: [(ulong)inBlock, (ulong)samples, leads]));
                    inBlock = 0;
                }
            }
            if (row != count) throw new ArgumentException($"{row} records for {count} exam ids", nameof(records));
        });
    }

    /// <summary>Copies a lead-major record into a time-major <c>[T, 12]</c> buffer.</summary>
    internal static void ToTimeMajor(EcgRecord record, Span<float> buffer)
    {
        int n = record.SampleCount, leads = record.LeadCount;
        float[] source = record.Samples;
        for (int l = 0; l < leads; l++)
        {
            int offset = l * n;
            for (int t = 0; t < n; t++) buffer[t * leads + l] = source[offset + t];
        }
    }
}
