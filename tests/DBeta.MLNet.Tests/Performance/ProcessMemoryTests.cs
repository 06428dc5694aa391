using System.Runtime.InteropServices;

namespace DBeta.MLNet.Tests.Performance;

[TestClass]
public sealed class ProcessMemoryTests
{
    [TestMethod]
    public void PeakFollowsNativeMemoryThatIsTouched()
    {
        long before = ProcessMemory.ResidentBytes();
        Assert.IsGreaterThan(0L, before);
        const int Size = 96 << 20;
        nint block = Marshal.AllocHGlobal(Size);
        try
        {
            for (int i = 0; i < Size; i += 4096) Marshal.WriteByte(block, i, 1); // resident only once written
            long during = ProcessMemory.ResidentBytes();
            Assert.IsGreaterThanOrEqualTo(before + (80L << 20), during, "the 96 MiB block shows in the resident size");
            Assert.IsGreaterThanOrEqualTo(during, ProcessMemory.PeakResidentBytes());
        }
        finally
        {
            Marshal.FreeHGlobal(block);
        }
        Assert.IsGreaterThanOrEqualTo(before + (80L << 20), ProcessMemory.PeakResidentBytes(), "the peak remembers it after it is freed");
    }
}
