namespace DBeta.MLNet;

/// <summary>
/// A set of record indices, one bit each, in pages allocated as records arrive: a merge of CODE-15's 345,779 records
/// keeps 48 KiB, and a manifest that claims billions of records costs nothing until rows for them are read.
/// </summary>
internal sealed class RecordBitSet
{
    private const int PageShift = 16; // 65,536 records (8 KiB) a page
    private const int PageMask = (1 << PageShift) - 1;
    private readonly Dictionary<int, ulong[]> _pages = [];

    public bool Contains(int record) =>
        record >= 0 && _pages.TryGetValue(record >> PageShift, out var page) && (page[(record & PageMask) >> 6] & (1UL << record)) != 0;

    /// <summary>Adds <paramref name="record"/>; false when it was there already.</summary>
    public bool Add(int record)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(record);
        if (!_pages.TryGetValue(record >> PageShift, out var page)) _pages[record >> PageShift] = page = new ulong[(PageMask + 1) / 64];
        ref ulong word = ref page[(record & PageMask) >> 6];
        ulong bit = 1UL << record; // the shift count is taken mod 64
        if ((word & bit) != 0) return false;
        word |= bit;
        return true;
    }
}
