using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class EmbeddingFileCatalogTests
{
    public sealed class Row
    {
        public string Id { get; set; } = "";
        [VectorType(3)] public float[] Scores { get; set; } = [];
    }

    private static IDataView WithSlotNames(MLContext ml, Row[] rows, params string[] labels)
    {
        var definition = SchemaDefinition.Create(typeof(Row));
        var names = new VBuffer<ReadOnlyMemory<char>>(labels.Length, [.. labels.Select(l => l.AsMemory())]);
        definition[nameof(Row.Scores)].AddAnnotation("SlotNames", names, new VectorDataViewType(TextDataViewType.Instance, labels.Length));
        return ml.Data.LoadFromEnumerable(rows, definition);
    }

    [TestMethod]
    public void WritesIdsAndRoundTripScoresUnderTheSlotNames()
    {
        var ml = new MLContext();
        Row[] rows =
        [
            new() { Id = "a,1", Scores = [0.1f, -2.5e-8f, float.Epsilon] },
            new() { Id = "b\"2", Scores = [1f / 3, 123456.79f, -0f] },
        ];
        using var temp = new TempFolder();
        long count = ml.Data.SaveScoresAsCsv(WithSlotNames(ml, rows, "AF", "RBBB", "SB"), temp.File("s.csv"));

        Assert.AreEqual(2L, count);
        string[] lines = File.ReadAllLines(temp.File("s.csv"));
        Assert.AreEqual("Id,AF,RBBB,SB", lines[0]);
        Assert.StartsWith("\"a,1\",", lines[1]);
        Assert.StartsWith("\"b\"\"2\",", lines[2]);
        for (int i = 0; i < rows.Length; i++)
        {
            var values = lines[i + 1][(lines[i + 1].LastIndexOf('"') + 2)..].Split(',').Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            CollectionAssert.AreEqual(rows[i].Scores, values, $"row {i}");
        }

        ml.Data.SaveScoresAsCsv(WithSlotNames(ml, rows, "AF", "RBBB", "SB"), temp.File("no-ids.csv"), idColumnName: null);
        Assert.AreEqual("AF,RBBB,SB", File.ReadLines(temp.File("no-ids.csv")).First());
    }

    [TestMethod]
    public void ScoresWithoutSlotNamesAreRejectedBeforeAnythingIsWritten()
    {
        var ml = new MLContext();
        var data = ml.Data.LoadFromEnumerable(new[] { new Row { Id = "a", Scores = [1, 2, 3] } });
        using var temp = new TempFolder();
        var error = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.SaveScoresAsCsv(data, temp.File("s.csv")));
        StringAssert.Contains(error.Message, "'Scores'");
        StringAssert.Contains(error.Message, "without slot names");
        var missing = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Data.SaveScoresAsCsv(data, temp.File("s.csv"), "Probabilities"));
        StringAssert.Contains(missing.Message, "no such column");
        Assert.IsEmpty(Directory.GetFiles(temp.Path));
    }
}
