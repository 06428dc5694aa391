
namespace DBeta.MLNet.Tests.IO;

[TestClass]
public sealed class CsvReaderTests
{
    [TestMethod]
    public void ReadsQuotedFieldsEscapedQuotesAndLineNumbers()
    {
        var reader = new CsvReader(new StringReader("\uFEFF\"a\",b\r\n\r\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",\n"));
        var header = reader.ReadRecord();
        Assert.AreEqual(1, header!.Value.Line);
        CollectionAssert.AreEqual(new[] { "a", "b" }, header.Value.Fields);
        var first = reader.ReadRecord();
        Assert.AreEqual(3, first!.Value.Line);
        CollectionAssert.AreEqual(new[] { "x, y", "say \"hi\"" }, first.Value.Fields);
        var second = reader.ReadRecord();
        Assert.AreEqual(4, second!.Value.Line);
        CollectionAssert.AreEqual(new[] { "two\nlines", "" }, second.Value.Fields);
        Assert.IsNull(reader.ReadRecord());
    }

    [TestMethod]
    public void AnUnclosedQuoteIsAnError()
    {
        var reader = new CsvReader(new StringReader("a,\"b\n"));
        var e = Assert.ThrowsExactly<FormatException>(() => reader.ReadRecord());
        StringAssert.Contains(e.Message, "line 1: a quoted field is not closed");
    }
}
