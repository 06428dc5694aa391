using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Data.Synthetic;

[TestClass]
public sealed class SyntheticEcgCatalogTests
{
    private sealed class Row
    {
        public string Id { get; set; } = "";

        [VectorType(12 * 4096)]
        public float[] Ecg { get; set; } = [];

        [ColumnName("1dAVb")] public bool Avb1 { get; set; }
        [ColumnName("RBBB")] public bool Rbbb { get; set; }
        [ColumnName("LBBB")] public bool Lbbb { get; set; }
        [ColumnName("SB")] public bool Sb { get; set; }
        [ColumnName("AF")] public bool Af { get; set; }
        [ColumnName("ST")] public bool St { get; set; }
    }

    [TestMethod]
    public void SchemaHasIdEcgAndOneBooleanPerCodeLabel()
    {
        var view = new MLContext(seed: 1).Data.LoadSyntheticEcgs(count: 5, seed: 3);
        Assert.AreEqual(5L, view.GetRowCount());
        CollectionAssert.AreEqual(new[] { "Id", "Ecg", "1dAVb", "RBBB", "LBBB", "SB", "AF", "ST" }, view.Schema.Select(c => c.Name).ToArray());
        Assert.AreEqual(TextDataViewType.Instance, view.Schema["Id"].Type);
        var ecg = (VectorDataViewType)view.Schema["Ecg"].Type;
        Assert.AreEqual(NumberDataViewType.Single, ecg.ItemType);
        Assert.AreEqual(12 * 4096, ecg.Size);
        foreach (string label in CodeLabels.Names) Assert.AreEqual(BooleanDataViewType.Instance, view.Schema[label].Type, label);
    }

    [TestMethod]
    public void RowsAreTheGeneratorsRecordsOnEveryPass()
    {
        var ml = new MLContext(seed: 1);
        var options = new SyntheticEcgOptions { Count = 3, Seed = 77, Prevalence = SyntheticEcgPrevalence.Parse("all=0.15") };
        var view = ml.Data.LoadSyntheticEcgs(options);
        var generator = new SyntheticEcgGenerator(options);
        for (int pass = 0; pass < 2; pass++)
        {
            var rows = ml.Data.CreateEnumerable<Row>(view, reuseRowObject: false).ToArray();
            Assert.AreEqual(3, rows.Length);
            for (int i = 0; i < rows.Length; i++)
            {
                var expected = generator.Generate(i);
                Assert.AreEqual($"synthetic-{i}", rows[i].Id);
                CollectionAssert.AreEqual(expected.Record.Samples, rows[i].Ecg, $"row {i}");
                CollectionAssert.AreEqual(expected.Labels.ToCodeOrder().ToArray(),
                    new[] { rows[i].Avb1, rows[i].Rbbb, rows[i].Lbbb, rows[i].Sb, rows[i].Af, rows[i].St }, $"row {i}");
            }
        }
    }

    [TestMethod]
    public void CursorChecksColumnsAndTypes()
    {
        var view = new MLContext().Data.LoadSyntheticEcgs(count: 2);
        var af = view.Schema["AF"];
        using var cursor = view.GetRowCursor([af]);
        Assert.IsTrue(cursor.IsColumnActive(af));
        Assert.IsFalse(cursor.IsColumnActive(view.Schema["Ecg"]));
        var getter = cursor.GetGetter<bool>(af);
        int rows = 0;
        bool value = false;
        while (cursor.MoveNext())
        {
            getter(ref value);
            rows++;
        }
        Assert.AreEqual(2, rows);

        using var other = view.GetRowCursor(view.Schema);
        var wrong = Assert.ThrowsExactly<InvalidOperationException>(() => other.GetGetter<float>(af));
        StringAssert.Contains(wrong.Message, "column 'AF'");
        Assert.ThrowsExactly<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(view.Schema["Ecg"]));
    }
}
