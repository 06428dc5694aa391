using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DBeta.MLNet.Benchmarks;

/// <summary>
/// Loader throughput of the dataset layouts, in records per second: open the dataset (index CSVs, headers, exam ids)
/// and read every record's Id, Ecg and Labels through a view cursor, as an embedding pass does; beside it the plain
/// loader over the same files (WFDB folder, one HDF5 file per part), alternated run by run. The folders come from
/// tests/reference/make_ptbxl_fixtures.py and make_code15_fixtures.py with --bench-out.
/// </summary>
internal static class DatasetLoaderTiming
{
    /// <summary>Times each loader <paramref name="repeats"/> times, alternating, and prints the median and best records/s.</summary>
    public static void Run(string ptbXlFolder, string code15Folder, int repeats)
    {
        var ml = new MLContext(seed: 1);
        var cases = new List<(string Name, Func<EcgDataView[]> Open)>
        {
            ("PTB-XL 100 Hz, LoadPtbXl (label set All)", () => [ml.Data.LoadPtbXl(ptbXlFolder, PtbXlLabelSet.All, 100)]),
            ("PTB-XL 100 Hz, LoadEcgFromWfdb records100/", () => [ml.Data.LoadEcgFromWfdb(Path.Combine(ptbXlFolder, "records100"), new WfdbEcgLoaderOptions { IncludeSubfolders = true })]),
            ("PTB-XL 500 Hz, LoadPtbXl (label set All)", () => [ml.Data.LoadPtbXl(ptbXlFolder, PtbXlLabelSet.All, 500)]),
            ("PTB-XL 500 Hz, LoadEcgFromWfdb records500/", () => [ml.Data.LoadEcgFromWfdb(Path.Combine(ptbXlFolder, "records500"), new WfdbEcgLoaderOptions { IncludeSubfolders = true })]),
            ("CODE-15 400 Hz, LoadCode15 (2 parts)", () => [ml.Data.LoadCode15(code15Folder)]),
            ("CODE-15 400 Hz, LoadEcgFromHdf5 per part", () => [.. Directory.EnumerateFiles(code15Folder, "*.hdf5").Order().Select(p => ml.Data.LoadEcgFromHdf5(p))]),
        };
        var times = cases.Select(_ => new List<(double Open, double Total)>()).ToArray();
        var records = new int[cases.Count];
        for (int r = 0; r < repeats; r++)
        {
            for (int c = 0; c < cases.Count; c++)
            {
                var watch = Stopwatch.StartNew();
                var views = cases[c].Open();
                double open = watch.Elapsed.TotalSeconds;
                records[c] = views.Sum(ReadAll);
                times[c].Add((open, watch.Elapsed.TotalSeconds));
            }
        }
        Console.WriteLine("| loader | records | median open s | median open + read s | median records/s | best records/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        for (int c = 0; c < cases.Count; c++)
        {
            double[] totals = [.. times[c].Select(t => t.Total).Order()];
            double[] opens = [.. times[c].Select(t => t.Open).Order()];
            double median = totals[totals.Length / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {cases[c].Name} | {records[c]} | {opens[opens.Length / 2]:F3} | {median:F3} | {records[c] / median:F0} | {records[c] / totals[0]:F0} |"));
        }
    }

    private static int ReadAll(EcgDataView view)
    {
        var columns = view.Schema.Where(c => c.Name is DBetaColumnNames.Id or DBetaColumnNames.Ecg or DBetaColumnNames.Labels).ToArray();
        using var cursor = view.GetRowCursor(columns);
        var getEcg = cursor.GetGetter<VBuffer<float>>(view.Schema[DBetaColumnNames.Ecg]);
        var getId = cursor.GetGetter<ReadOnlyMemory<char>>(view.Schema[DBetaColumnNames.Id]);
        VBuffer<float> ecg = default;
        ReadOnlyMemory<char> id = default;
        int count = 0;
        while (cursor.MoveNext())
        {
            getId(ref id);
            getEcg(ref ecg);
            count++;
        }
        return count;
    }
}
