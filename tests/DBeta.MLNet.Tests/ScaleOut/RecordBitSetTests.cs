namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary><see cref="RecordBitSet"/> against a <see cref="HashSet{T}"/> of the same records, across page and word edges.</summary>
[TestClass]
public sealed class RecordBitSetTests
{
    [TestMethod]
    public void AgreesWithAHashSetAcrossPagesAndWords()
    {
        var set = new RecordBitSet();
        var reference = new HashSet<int>();
        var random = new Random(16);
        int[] edges = [0, 1, 63, 64, 65, 65_535, 65_536, 65_537, 345_778, int.MaxValue - 1, int.MaxValue];
        foreach (int record in edges.Concat(Enumerable.Range(0, 20_000).Select(_ => random.Next(0, 400_000))))
            Assert.AreEqual(reference.Add(record), set.Add(record), $"Add({record})");
        foreach (int record in edges.Concat(edges.Select(e => e - 1)).Concat(Enumerable.Range(0, 20_000).Select(_ => random.Next(0, 400_000))))
            Assert.AreEqual(reference.Contains(record), set.Contains(record), $"Contains({record})");
        Assert.IsFalse(set.Contains(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => set.Add(-1));
    }
}
