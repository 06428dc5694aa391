using System.Text;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated label CSVs (CODE-15's <c>exams.csv</c> joined on <c>exam_id</c>, and row-ordered 0/1 files) through
/// <see cref="EcgLabels.LoadCsv"/> and <see cref="EcgLabels.AlignTo(IReadOnlyList{string}, string)"/>: lines inserted,
/// dropped, duplicated or cut, fields replaced, quotes and commas added or removed, byte order marks, NULs, CR line ends.
/// A file that loads must give only 0/1 labels, one row per record.
/// </summary>
[TestClass]
public sealed class LabelCsvFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] Corpus = ["exams.csv", "gold_standard.csv", "exams_duplicate_id.csv", "exams_missing_id.csv", "exams_ragged.csv", "nonbinary.csv", "short.csv"];

    private static readonly string[] Fields =
        ["", "0", "1", "2", "0.0", "1.0", "1e0", "-0", "True", "false", "TRUE", "nan", "inf", "\"1\"", "\"", "\"\"\"", "\"a,b\"", "999000", "exam_id",
         "1dAVb", " 1 ", "\u00a01", "0x1", "1,0", "\"multi\nline\"", "\0", new string('9', 400)];

    [TestMethod]
    public void MutatedLabelFilesEndInATypedErrorOrBinaryLabels()
    {
        var corpus = Corpus.Select(name => (Name: name, Bytes: File.ReadAllBytes(RepoPaths.Fixture("data", "labels", name)))).ToArray();
        var campaign = new FuzzCampaign("label CSV (EcgLabels)", seed: 0x435356);
        var report = campaign.Run((rng, folder) =>
        {
            var (name, original) = corpus[rng.Next(corpus.Length)];
            string what;
            byte[] bytes = rng.Next(3) == 0 ? ByteMutator.Mutate(original, rng, out what) : Encoding.UTF8.GetBytes(Edit(Encoding.UTF8.GetString(original), rng, out what));
            string path = Path.Combine(folder, "labels.csv");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, $"{name}: {what}");
        }, input =>
        {
            bool joined = input.Mutation.StartsWith("exams", StringComparison.Ordinal);
            var options = joined ? new EcgLabelOptions { IdColumn = "exam_id", LabelColumns = ["1dAVb", "RBBB", "LBBB", "SB", "ST", "AF"] } : null;
            var labels = EcgLabels.LoadCsv(input.Path, options);
            EcgSourceProbe.Check(labels.Names.Count > 0, "no label names");
            string[] ids = joined ? ["999000", "2873686"] : Enumerable.Range(0, labels.RowCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            float[] aligned;
            try
            {
                aligned = labels.AlignTo(ids, "records.h5");
            }
            catch (EcgDataException e) when (joined && e.FilePath == input.Path && e.Message.Contains("has no row with", StringComparison.Ordinal))
            {
                return; // the mutation removed or changed one of the two ids
            }
            EcgSourceProbe.Check(aligned.Length == ids.Length * labels.Names.Count, $"{aligned.Length} labels for {ids.Length} records of {labels.Names.Count} names");
            EcgSourceProbe.Check(aligned.All(v => v is 0 or 1), "a label that is not 0 or 1");
        });
        report.AssertClean(TestContext);
    }

    private static string Edit(string text, Random rng, out string what)
    {
        var lines = text.Split('\n').ToList();
        int line = rng.Next(lines.Count);
        switch (rng.Next(9))
        {
            case 0:
                lines.Insert(line, lines[rng.Next(lines.Count)]);
                what = $"duplicate a line at {line}";
                break;
            case 1:
                lines.RemoveAt(line);
                what = $"delete line {line}";
                break;
            case 2:
            case 3:
                {
                    var fields = lines[line].Split(',');
                    int f = rng.Next(fields.Length);
                    string value = Fields[rng.Next(Fields.Length)];
                    fields[f] = value;
                    lines[line] = string.Join(',', fields);
                    what = $"line {line} field {f} = '{value.Replace("\n", "\\n", StringComparison.Ordinal)}'";
                    break;
                }
            case 4:
                {
                    int at = rng.Next(lines[line].Length + 1);
                    char c = ",\"\r\0\t"[rng.Next(5)];
                    lines[line] = lines[line].Insert(at, c.ToString());
                    what = $"insert {(int)c:x2} in line {line} at {at}";
                    break;
                }
            case 5:
                {
                    int comma = lines[line].IndexOf(',', StringComparison.Ordinal);
                    if (comma >= 0) lines[line] = lines[line].Remove(comma, 1);
                    what = $"remove a comma from line {line}";
                    break;
                }
            case 6:
                {
                    int cut = rng.Next(text.Length);
                    what = $"cut at {cut}";
                    return text[..cut];
                }
            case 7:
                what = "byte order mark + CRLF";
                return "\uFEFF" + string.Join("\r\n", lines);
            default:
                lines.Insert(line, string.Join(',', Enumerable.Range(0, rng.Next(0, 40)).Select(_ => Fields[rng.Next(Fields.Length)])));
                what = $"insert a garbage row at {line}";
                break;
        }
        return string.Join('\n', lines);
    }
}
