using DBeta.MLNet.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Tests.Data;

/// <summary>The columns a dataset loader adds to an <see cref="EcgDataView"/>: text columns after the labels, and the skipped records.</summary>
[TestClass]
public sealed class EcgDataViewDatasetColumnsTests
{
    private static readonly string Tree = RepoPaths.Fixture("data", "datasets", "ptbxl", "tree");

    [TestMethod]
    public void TextColumnsFollowTheLabelColumnsAndReadPerRecord()
    {
        var dataset = PtbXlDataset.Open(Tree, new PtbXlOptions { LabelSet = PtbXlLabelSet.Superdiagnostic, SampleRate = 100 });
        using var source = dataset.OpenSource();
        string[] patients = [.. dataset.PatientIds];
        string[] folds = [.. dataset.Folds.Select(f => f.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        var view = new EcgDataView(source, new EcgLoaderOptions
        {
            Labels = dataset.Labels, BlockSize = 3, SkippedRecords = ["x: left out"],
            RecordColumns = new EcgRecordColumns().AddText("PatientId", patients).AddText("Fold", folds),
        });

        string[] names = [.. view.Schema.Select(c => c.Name)];
        CollectionAssert.AreEqual(new[] { "Id", "Ecg" }.Concat(dataset.Labels.Names).Concat(["Labels", "PatientId", "Fold"]).ToArray(), names);
        CollectionAssert.AreEqual(new[] { "x: left out" }, view.SkippedRecords.ToArray());

        var rows = EcgViewRows.Read(view, "Fold", "PatientId");
        CollectionAssert.AreEqual(dataset.Ids.ToArray(), rows.Ids);
        CollectionAssert.AreEqual(patients, rows.Texts["PatientId"]);
        CollectionAssert.AreEqual(folds, rows.Texts["Fold"]);
        for (int i = 0; i < rows.Ids.Length; i++)
            for (int k = 0; k < dataset.Labels.Names.Count; k++) Assert.AreEqual(dataset.Labels.Value(i, k), rows.Labels[i][k]);

        // A label column read alone, with only one text column active.
        var norm = view.Schema["NORM"];
        var fold = view.Schema["Fold"];
        using var cursor = view.GetRowCursor([norm, fold]);
        var getNorm = cursor.GetGetter<bool>(norm);
        var getFold = cursor.GetGetter<ReadOnlyMemory<char>>(fold);
        int row = 0, normIndex = dataset.Labels.Names.ToList().IndexOf("NORM");
        bool value = false;
        ReadOnlyMemory<char> text = default;
        while (cursor.MoveNext())
        {
            getNorm(ref value);
            getFold(ref text);
            Assert.AreEqual(dataset.Labels.Value(row, normIndex) != 0, value);
            Assert.AreEqual(folds[row], text.ToString());
            row++;
        }
        Assert.AreEqual(rows.Ids.Length, row);
    }

    [TestMethod]
    public void ATextColumnNamedLikeAnotherColumnIsRefused()
    {
        var dataset = PtbXlDataset.Open(Tree, new PtbXlOptions { SampleRate = 100 });
        using var source = dataset.OpenSource();
        string[] values = [.. dataset.Ids];
        foreach (string name in new[] { "Id", "Labels", "NORM" })
        {
            var e = Assert.ThrowsExactly<EcgDataException>(() =>
                new EcgDataView(source, new EcgLoaderOptions { Labels = dataset.Labels, RecordColumns = new EcgRecordColumns().AddText(name, values) }));
            StringAssert.Contains(e.Problem, $"'{name}'");
        }
        Assert.ThrowsExactly<ArgumentException>(() => new EcgDataView(source, new EcgLoaderOptions { RecordColumns = new EcgRecordColumns().AddText("Extra", values[1..]) }));
        var plain = new EcgDataView(source, new EcgLoaderOptions { RecordColumns = new EcgRecordColumns().AddText("Labels", values) }); // no label columns: the name is free
        Assert.AreEqual(TextDataViewType.Instance, plain.Schema["Labels"].Type);
    }
}
