using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Data files that point the reader at other files (written by <c>tests/reference/make_robustness_fixtures.py</c>): an
/// HDF5 virtual dataset or external link must be refused, not followed, whatever the other file holds.
/// </summary>
[TestClass]
public sealed class HostileFileTests
{
    private static string File(string name) => RepoPaths.Fixture("robustness", name);

    [TestMethod]
    public void TheSourceTheHostileFilesPointAtIsItselfReadable()
    {
        using var source = new Hdf5EcgSource(File("virtual_source.h5"));
        Assert.AreEqual(2, source.Count);
        Assert.AreEqual(50, source.SampleCount);
    }

    [TestMethod]
    public void AnHdf5VirtualDatasetIsRefused()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new Hdf5EcgSource(File("virtual.h5")).Dispose());
        Assert.AreEqual(File("virtual.h5"), e.FilePath);
        StringAssert.Contains(e.Message, "dataset 'tracings' is a virtual dataset (data in other files), which is not supported");
    }

    [TestMethod]
    public void AnHdf5ExternalLinkIsRefused()
    {
        var e = Assert.ThrowsExactly<EcgDataException>(() => new Hdf5EcgSource(File("external_link.h5")).Dispose());
        Assert.AreEqual(File("external_link.h5"), e.FilePath);
        StringAssert.Contains(e.Message, "'tracings' is not a dataset [N, T, 12] (a group, or a link to another file)");
    }
}
