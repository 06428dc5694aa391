using System.Globalization;
using System.Text;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>Collects each reader's counts into one summary table (printed after every campaign, growing).</summary>
internal static class FuzzSummary
{
    private static readonly List<FuzzReport> Reports = [];

    public static void Record(FuzzReport report)
    {
        lock (Reports)
        {
            Reports.RemoveAll(r => r.Reader == report.Reader);
            Reports.Add(report);
            var columns = new[] { "ok", "EcgDataException", "ModelFormatException", "EmbeddingFileException", "FileNotFoundException" };
            var sb = new StringBuilder("fuzz summary so far\n");
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {"reader",-34} {"inputs",7} {"ok",6} {"EcgData",8} {"ModelFmt",9} {"EmbFile",8} {"NotFound",9} {"other",6} {"time s",7}");
            foreach (var r in Reports)
            {
                int other = r.Cases - columns.Sum(r.Count);
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"  {r.Reader,-34} {r.Cases,7} {r.Count("ok"),6} {r.Count("EcgDataException"),8} {r.Count("ModelFormatException"),9} {r.Count("EmbeddingFileException"),8} {r.Count("FileNotFoundException"),9} {other,6} {r.Elapsed.TotalSeconds,7:F1}");
            }
            Console.WriteLine(sb.ToString());
        }
    }
}
