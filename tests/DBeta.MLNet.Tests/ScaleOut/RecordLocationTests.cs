using Microsoft.ML;
using Microsoft.ML.Data;
using PureHDF;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.ScaleOut;

/// <summary>
/// Every embedded row names the file that holds its record and its row there (<c>SourceFile</c>, <c>RowIndex</c>): a WFDB
/// record's own header and row 0 (a window's number within its record), a CODE-15% exam's HDF5 part and its row in it,
/// in <c>dbeta embed --ids</c>, <c>dbeta preprocess --ids</c>, Parquet output, sharded runs and their merge, and search.
/// Parts of the earlier format (rows naming the input and the record's position in it) still merge on their own.
/// </summary>
[TestClass]
public sealed class RecordLocationTests
{
    /// <summary>Three real 10-s Challenge records at 500 Hz and a real 38.4-s PTB record at 1000 Hz with 15 signals, in one folder.</summary>
    private static string MixedFolder(TempFolder temp)
    {
        string folder = temp.File("records");
        Directory.CreateDirectory(folder);
        foreach (string record in new[] { "E00666", "JS20006", "HR06003" })
            foreach (string extension in new[] { ".hea", ".mat" })
                File.Copy(RepoPaths.SharedData("challenge2021", record + extension), Path.Combine(folder, record + extension));
        foreach (string extension in new[] { ".hea", ".dat", ".xyz" })
            File.Copy(RepoPaths.SharedData("wfdb", "s0010_re" + extension), Path.Combine(folder, "s0010_re" + extension));
        return folder;
    }

    private static string[] IdsOf(string folder) =>
        EcgViewRows.Read(new MLContext().Data.LoadEcgFromWfdb(folder, new WfdbEcgLoaderOptions { Fit = new EcgFitOptions() })).Ids;

    private static void Run(params string[] args)
    {
        var (code, _, error) = DBetaCli.Run(args);
        Assert.AreEqual(0, code, error);
    }

    [TestMethod]
    public void AFolderOfWfdbRecordsNamesEachRecordsOwnHeaderInEmbedPreprocessAndParquet()
    {
        using var temp = new TempFolder();
        string folder = MixedFolder(temp);
        Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--out", temp.File("e.npy"), "--ids", temp.File("e.csv"));
        Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--out", temp.File("e.parquet"));
        Run("preprocess", "--input", folder, "--out", temp.File("p.npy"), "--ids", temp.File("p.csv"));

        string[] ids = IdsOf(folder);
        CollectionAssert.AreEquivalent(new[] { "E00666", "JS20006", "HR06003", "s0010_re" }, ids);
        string[] expected = ["Id,SourceFile,RowIndex", .. ids.Select(id => $"{id},{Path.Combine(folder, id + ".hea")},0")];
        CollectionAssert.AreEqual(expected, File.ReadAllLines(temp.File("e.csv")));
        CollectionAssert.AreEqual(expected, File.ReadAllLines(temp.File("p.csv")), "preprocess --ids writes the rows embed --ids writes");
        var parquet = EmbeddingParquetRows.Read(temp.File("e.parquet"));
        CollectionAssert.AreEqual(expected[1..], parquet.Select(r => $"{r.Id},{r.SourceFile},{r.RowIndex}").ToArray());
        foreach (var row in parquet) Assert.IsTrue(File.Exists(row.SourceFile), row.SourceFile);

        // Through the library: a view with IncludeSourceColumns, embedded, saved with its ids.
        var ml = new MLContext();
        var view = ml.Data.LoadEcgFromWfdb(folder, new WfdbEcgLoaderOptions { Fit = new EcgFitOptions(), IncludeSourceColumns = true });
        Assert.AreEqual(NumberDataViewType.Int64, view.Schema["RowIndex"].Type);
        var embedded = ml.Transforms.EmbedEcgWithDBeta(TinyModels.EcgModel).Fit(view).Transform(view);
        ml.Data.SaveColumnAsNpy(embedded, "Embedding", temp.File("lib.npy"), idsCsvPath: temp.File("lib.csv"));
        CollectionAssert.AreEqual(expected, File.ReadAllLines(temp.File("lib.csv")));

        // Without fitting, the error names the first record by its id, not by its header's 'E00666.mat'.
        var (code, _, error) = DBetaCli.Run("preprocess", "--input", folder, "--fit", "false", "--out", temp.File("nofit.npy"));
        Assert.AreEqual(1, code);
        StringAssert.Contains(error, $"but record E00666 ({Path.Combine(folder, "E00666.hea")}) has 5000 at 500 Hz");
        StringAssert.Contains(error, "--fit");
    }

    [TestMethod]
    public void WindowRowsNameTheirRecordsHeaderAndTheWindowsNumberInIt()
    {
        using var temp = new TempFolder();
        string folder = MixedFolder(temp);
        Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--window-stride", "10", "--out", temp.File("w.npy"), "--ids", temp.File("w.csv"));

        // s0010_re is 38.4 s long: windows at 0, 10 and 20 s; each Challenge record is one 10-s window.
        var expected = IdsOf(folder).SelectMany(id => id == "s0010_re"
            ? new[] { $"{id}@0s,{Path.Combine(folder, id + ".hea")},0", $"{id}@10s,{Path.Combine(folder, id + ".hea")},1", $"{id}@20s,{Path.Combine(folder, id + ".hea")},2" }
            : new[] { $"{id}@0s,{Path.Combine(folder, id + ".hea")},0" });
        CollectionAssert.AreEqual(new[] { "Id,SourceFile,RowIndex" }.Concat(expected).ToArray(), File.ReadAllLines(temp.File("w.csv")));
    }

    [TestMethod]
    public void AShardedRunOverAWfdbFolderMergesToTheSingleRunsRowsAndSearchNamesTheRecordsHeader()
    {
        using var temp = new TempFolder();
        string folder = MixedFolder(temp), parts = temp.File("parts");
        Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--out", temp.File("single.parquet"));
        for (int shard = 0; shard < 3; shard++)
            Run("embed", "--model", TinyModels.EcgModel, "--input", folder, "--parts", parts, "--shard", $"{shard}/3", "--part-format", shard == 1 ? "Npy" : "Parquet");
        // The parts carry each row's record index; their rows name the records' own headers.
        using (var reader = EmbeddingParquetReader.Open(new EmbeddingPartNames(parts, new ShardSpec(0, 3)).Parquet))
        {
            Assert.IsTrue(reader.HasRecords);
            var block = reader.ReadRowGroup(0);
            CollectionAssert.AreEqual(new[] { 0 }, block.Records.ToArray(), "shard 0 of 3 over 4 records: record 0");
            Assert.AreEqual((Path.Combine(folder, block.Ids[0] + ".hea"), 0L), (block.SourceFiles[0], block.RowIndices[0]));
        }
        Assert.AreEqual(EmbeddingIdsCsv.HeaderWithRecords, File.ReadLines(new EmbeddingPartNames(parts, new ShardSpec(1, 3)).IdsCsv).First());

        Run("merge", "--parts", parts, "--out", temp.File("merged.parquet"));
        EmbeddingParquetRows.AssertSame(temp.File("single.parquet"), temp.File("merged.parquet"), 4);
        Run("merge", "--parts", parts, "--out", temp.File("merged.npy"), "--ids", temp.File("merged.csv"));
        var single = EmbeddingParquetRows.Read(temp.File("single.parquet"));
        CollectionAssert.AreEqual(new[] { "Id,SourceFile,RowIndex" }.Concat(single.Select(r => $"{r.Id},{r.SourceFile},{r.RowIndex}")).ToArray(),
            File.ReadAllLines(temp.File("merged.csv")));

        // Searching with a record's own embedding finds it first, named by its header, in both files.
        var ml = new MLContext();
        var query = single[2];
        foreach (var (path, ids) in new[] { (temp.File("merged.parquet"), (string?)null), (temp.File("merged.npy"), temp.File("merged.csv")) })
        {
            var best = ml.Data.SearchEmbeddings(path, query.Embedding, top: 1, idsCsvPath: ids)[0];
            Assert.AreEqual((query.Id, Path.Combine(folder, query.Id + ".hea"), 0L), (best.Id, best.SourceFile, best.RowIndex), path);
        }
    }

    [TestMethod]
    public void Code15ExamsNameTheirHdf5PartAndTheirRowThere()
    {
        using var temp = new TempFolder();
        string tree = RepoPaths.Fixture("data", "datasets", "code15", "tree");
        Run("embed", "--model", TinyModels.EcgModel, "--input", tree, "--out", temp.File("e.npy"), "--ids", temp.File("e.csv"));

        // Each exam's row in its part, as PureHDF reads the part's exam_id dataset (padding rows have no exam).
        var where = new Dictionary<string, string>();
        foreach (string part in new[] { "exams_part2.hdf5", "exams_part10.hdf5" })
        {
            using var file = H5File.OpenRead(Path.Combine(tree, part));
            long[] examIds = file.Dataset("exam_id").Read<long[]>();
            for (int row = 0; row < examIds.Length; row++) where[examIds[row].ToString()] = $"{Path.Combine(tree, part)},{row}";
        }
        string[] lines = File.ReadAllLines(temp.File("e.csv"));
        string[] ids = EcgViewRows.Read(new MLContext().Data.LoadCode15(tree)).Ids;
        Assert.HasCount(9, ids);
        string[] expected = ["Id,SourceFile,RowIndex", .. ids.Select(id => $"{id},{where[id]}")];
        CollectionAssert.AreEqual(expected, lines);

        // Through the library: the dataset loader's IncludeSourceColumns, saved with SaveColumnAsNpy.
        var ml = new MLContext();
        var view = ml.Data.LoadCode15(tree, new Code15Options { IncludeSourceColumns = true });
        ml.Data.SaveColumnAsNpy(view, "Ecg", temp.File("ecg.npy"), idsCsvPath: temp.File("lib.csv"));
        CollectionAssert.AreEqual(expected, File.ReadAllLines(temp.File("lib.csv")));
    }

    [TestMethod]
    [DataRow("ptbxl")]
    [DataRow("mimic-iv-ecg")]
    public void DatasetLayoutsOfWfdbRecordsNameEachRecordsOwnHeader(string layout)
    {
        using var temp = new TempFolder();
        string tree = RepoPaths.Fixture("data", "datasets", layout, "tree");
        Run("preprocess", "--input", tree, "--out", temp.File("p.npy"), "--ids", temp.File("p.csv"));
        var rows = File.ReadAllLines(temp.File("p.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        CollectionAssert.AreEqual(EcgViewRows.Read(new MLContext().Data.LoadEcg(tree)).Ids, rows.Select(r => r[0]).ToArray());
        foreach (var row in rows)
        {
            Assert.AreEqual(".hea", Path.GetExtension(row[1]), row[1]);
            Assert.IsTrue(File.Exists(row[1]), row[1]);
            Assert.AreEqual("0", row[2]);
        }
        Assert.HasCount(rows.Length, rows.Select(r => r[1]).Distinct(), "one header per record");
    }

    [TestMethod]
    public void PartsOfTheEarlierFormatMergeOnTheirOwnButNotWithNewPartsAndAreNotResumed()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        string parts = temp.File("parts");
        for (int i = 0; i < 2; i++) EmbeddingPartsMergerTests.Embed(inputs, parts, new ShardSpec(i, 2));
        EmbeddingPartsMerger.Merge(parts, temp.File("reference.parquet"));

        RewriteAsFormat1(new EmbeddingPartNames(parts, new ShardSpec(0, 2)));
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMerger.Merge(parts, temp.File("mixed.parquet")));
        StringAssert.Contains(e.Message, "has format 'dbeta-embedding-part/2' but part-00000-of-00002.json 'dbeta-embedding-part/1'");
        Assert.IsFalse(File.Exists(temp.File("mixed.parquet")));
        var resumed = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, new ShardSpec(0, 2)));
        StringAssert.Contains(resumed.Message, "was written by an earlier DBeta.MLNet (format 'dbeta-embedding-part/1')");

        RewriteAsFormat1(new EmbeddingPartNames(parts, new ShardSpec(1, 2)));
        EmbeddingPartsMerger.Merge(parts, temp.File("old.parquet"));
        EmbeddingParquetRows.AssertSame(temp.File("reference.parquet"), temp.File("old.parquet"), inputs.Count);
    }

    [TestMethod]
    public void ACheckpointSegmentWithoutRecordIndicesIsNotResumed()
    {
        using var temp = new TempFolder();
        using var inputs = EmbeddingPartsMergerTests.CopyInputs(temp);
        string parts = temp.File("parts");
        var shard = new ShardSpec(0, 1);
        using var cancel = new CancellationTokenSource();
        Assert.ThrowsExactly<OperationCanceledException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, shard,
            progress: new EcgShardEmbedderTests.Reports(_ => cancel.Cancel()), cancellationToken: cancel.Token));
        string segment = new EmbeddingPartNames(parts, shard).Segments()[0];
        WithoutRecords(segment);
        var e = Assert.ThrowsExactly<EmbeddingFileException>(() => EmbeddingPartsMergerTests.Embed(inputs, parts, shard));
        StringAssert.Contains(e.Message, "was written by an earlier DBeta.MLNet (its rows have no record column)");
    }

    /// <summary>Makes a part what an earlier version wrote: no record column, manifest format 1 (HDF5 rows named by input and row, as then).</summary>
    private static void RewriteAsFormat1(EmbeddingPartNames names)
    {
        WithoutRecords(names.Parquet);
        var manifest = EmbeddingPartManifest.Read(names.Manifest);
        manifest.Format = EmbeddingPartManifest.Format1Name;
        manifest.Files = [EmbeddingPartManifest.Describe(names.Parquet)];
        manifest.Write(names.Manifest);
    }

    private static void WithoutRecords(string parquet)
    {
        Dictionary<string, string> metadata;
        var rows = new List<EmbeddingRowBlock>();
        using (var reader = EmbeddingParquetReader.Open(parquet))
        {
            metadata = new(reader.Metadata);
            for (int g = 0; g < reader.RowGroupCount; g++) rows.Add(reader.ReadRowGroup(g));
        }
        AtomicFile.Write(parquet, stream =>
        {
            using var writer = new EmbeddingParquetWriter(stream, rows[0].EmbeddingDim, metadata);
            foreach (var block in rows)
                for (int r = 0; r < block.Count; r++) writer.Add(block.Ids[r], block.SourceFiles[r], block.RowIndices[r], block.Embedding(r));
            writer.Complete();
        });
    }
}
