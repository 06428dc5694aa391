using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Outputs appear whole or not at all: a write that is cancelled (token or Ctrl+C) or fails part-way leaves neither the
/// output nor a temporary file, and a file already at the path stays as it was.
/// </summary>
[TestClass]
public sealed class AtomicOutputTests
{
    public sealed class Row
    {
        public string Id { get; set; } = "";
        [VectorType(8)] public float[] Values { get; set; } = [];
    }

    private static IEnumerable<Row> Rows(int count, Action<int>? onRow = null)
    {
        for (int i = 0; i < count; i++)
        {
            onRow?.Invoke(i);
            yield return new Row { Id = $"id-{i}", Values = Enumerable.Range(0, 8).Select(v => (float)(i + v)).ToArray() };
        }
    }

    private static void AssertOnly(TempFolder temp, params string[] names) =>
        CollectionAssert.AreEquivalent(names, Directory.GetFiles(temp.Path).Select(Path.GetFileName).ToArray(),
            "the folder must hold exactly the old outputs: no new file, no temporary file");

    [TestMethod]
    public void ACancelledNpyExportLeavesNoOutputAndKeepsTheOldFiles()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        string npy = temp.File("out.npy"), ids = temp.File("ids.csv");
        File.WriteAllText(npy, "old npy");
        File.WriteAllText(ids, "old ids");

        using var cancel = new CancellationTokenSource();
        var data = ml.Data.LoadFromEnumerable(Rows(1000, i => { if (i == 300) cancel.Cancel(); }));
        Assert.ThrowsExactly<OperationCanceledException>(() =>
            ml.Data.SaveColumnAsNpy(data, nameof(Row.Values), npy, idColumnName: nameof(Row.Id), idsCsvPath: ids, cancellationToken: cancel.Token));

        AssertOnly(temp, "out.npy", "ids.csv");
        Assert.AreEqual("old npy", File.ReadAllText(npy));
        Assert.AreEqual("old ids", File.ReadAllText(ids));
    }

    [TestMethod]
    public void AnNpyExportThatFailsPartWayLeavesNoOutput()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        // A record with NaN half-way through a real file: the loader's rejection stops the export.
        var view = ml.Data.LoadEcgFromHdf5(RepoPaths.Fixture("data", "hdf5", "code_nan_inf.h5"), new Hdf5EcgLoaderOptions { BlockSize = 1 });
        Assert.ThrowsExactly<EcgDataException>(() =>
            ml.Data.SaveColumnAsNpy(view, DBetaColumnNames.Ecg, temp.File("x.npy"), idsCsvPath: temp.File("ids.csv")));
        AssertOnly(temp);

        var throwing = ml.Data.LoadFromEnumerable(Rows(50, i => { if (i == 20) throw new IOException("disk gone"); }));
        Assert.ThrowsExactly<IOException>(() => ml.Data.SaveColumnAsNpy(throwing, nameof(Row.Values), temp.File("y.npy")));
        AssertOnly(temp);
    }

    [TestMethod]
    public void APathWriterThatFailsLeavesNoTemporaryFile()
    {
        // Plots (ScottPlot) and probe models write to a path; WriteVia gives them a temporary one.
        using var temp = new TempFolder();
        string png = temp.File("plot.png");
        File.WriteAllText(png, "old plot");
        Assert.ThrowsExactly<InvalidOperationException>(() => AtomicFile.WriteVia(png, tempPath =>
        {
            StringAssert.StartsWith(Path.GetDirectoryName(tempPath), temp.Path, "the temporary file is in the output's folder, so the rename is atomic");
            File.WriteAllBytes(tempPath, new byte[1000]);
            throw new InvalidOperationException("renderer failed");
        }));
        AssertOnly(temp, "plot.png");
        Assert.AreEqual("old plot", File.ReadAllText(png));

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsExactly<OperationCanceledException>(() => AtomicFile.Write(png, stream =>
        {
            stream.Write(new byte[4096]);
            cancel.Token.ThrowIfCancellationRequested();
        }));
        AssertOnly(temp, "plot.png");
    }

    [TestMethod]
    public void AModelThatFailsItsCheckNeverReplacesTheOneAlreadyThere()
    {
        using var temp = new TempFolder();
        var weights = DBetaModels.CreateRandom(DBetaConfig.Tiny, seed: 3);
        DBetaConverter.Convert(weights, DBetaConfig.Tiny, temp.Path);
        byte[] good = File.ReadAllBytes(temp.File(DBetaConverter.EcgFileName));

        // Finite but overflowing weights (float.MaxValue in the ECG projection): the model loads, its check run gives NaN.
        var broken = weights.Tensors.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var projection = broken["multi_modal_ecg_proj.weight"];
        broken[projection.Name] = new WeightTensor(projection.Name, projection.Shape, Enumerable.Range(0, projection.Data.Length).Select(i => i % 2 == 0 ? float.MaxValue : -float.MaxValue).ToArray());
        var e = Assert.ThrowsExactly<ModelFormatException>(() =>
            DBetaConverter.Convert(new StateDict("broken.pt", "test", broken, []), DBetaConfig.Tiny, temp.Path));
        Assert.AreEqual(temp.File(DBetaConverter.EcgFileName), e.FilePath);
        StringAssert.Contains(e.Message, "NaN");

        CollectionAssert.AreEqual(good, File.ReadAllBytes(temp.File(DBetaConverter.EcgFileName)), "the old model stays as it was");
        AssertOnly(temp, DBetaConverter.EcgFileName, DBetaConverter.TextFileName);
    }

    [TestMethod]
    public void CtrlCDuringPreprocessLeavesNoOutputOrTemporaryFile()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Assert.Inconclusive("sends SIGSTOP, SIGINT and SIGCONT with kill(1)");
        using var temp = new TempFolder();
        // 300 records at 250 Hz: resampling and writing them takes long enough to be interrupted mid-file.
        var data = new float[300 * 12 * 2500];
        for (int i = 0; i < data.Length; i++) data[i] = MathF.Sin(i * 0.003f);
        string input = temp.File("in.npy");
        NpyWriter.Write(input, data, 300, 12, 2500);
        string outFolder = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(outFolder);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { Path.Combine(AppContext.BaseDirectory, "dbeta.dll"), "preprocess", "--input", input, "--layout", "LeadMajor", "--rate", "250",
                     "--out", Path.Combine(outFolder, "x.npy"), "--ids", Path.Combine(outFolder, "ids.csv") })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        // Freeze the process (SIGSTOP) as soon as its temporary output exists, i.e. at the start of writing it, so it
        // cannot finish before the interrupt lands: SIGINT is then queued while it is stopped, and SIGCONT delivers it.
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60) && Directory.GetFiles(outFolder, "*.tmp*").Length == 0) Thread.Sleep(1);
        if (process.HasExited) Assert.Fail($"preprocess ended before its temporary output appeared: {stderr.Result}{stdout.Result}");
        Assert.IsNotEmpty(Directory.GetFiles(outFolder, "*.tmp*"), "no temporary output appeared in 60 s");
        Signal("-STOP", process);
        Signal("-INT", process);
        Signal("-CONT", process);
        Assert.IsTrue(process.WaitForExit(60_000), "dbeta did not stop");

        string[] left = Directory.GetFiles(outFolder).Select(Path.GetFileName).ToArray()!;
        Assert.AreEqual(130, process.ExitCode, stderr.Result + stdout.Result);
        StringAssert.Contains(stderr.Result, "cancelled: no partial output was written");
        Assert.IsEmpty(left, "no output and no temporary file after Ctrl+C: " + string.Join(", ", left));
    }

    private static void Signal(string signal, Process process)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
        Assert.AreEqual(0, kill.ExitCode, $"kill {signal} failed");
    }
}
