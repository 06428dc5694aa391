using System.Text;
using System.Text.Json;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Robustness;

/// <summary>
/// Mutated prompt files (<c>models/prompts/code-prompts.json</c>) through <see cref="PromptSet.Load"/>: values
/// retyped, emptied or made huge, labels repeated or blank, invalid escapes and lone surrogates, invalid UTF-8, deep
/// nesting, comments, trailing commas, byte order marks, the text cut or its bytes mutated. A file that loads must give
/// exactly the (label, description) pairs <see cref="JsonDocument"/> reads from it, every one non-blank and distinct.
/// </summary>
[TestClass]
public sealed class PromptSetFuzzTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly string[] Values =
        ["\"\"", "\"  \"", "1", "-0", "1e999", "null", "true", "[]", "{}", "[\"a\"]", "{\"x\": \"y\"}", "\"\\uD800\"", "\"\\uDC00x\"", "\"\\x\"",
         "\"\\u00\"", "\"a\\u0000b\"", "\"\u00e9\u4e2d\"", "\"" + new string('a', 100_000) + "\"", new string('[', 5000), "\"unterminated"];

    [TestMethod]
    public void MutatedPromptFilesEndInATypedErrorOrTheirPairs()
    {
        byte[] original = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "models", "prompts", "code-prompts.json"));
        var campaign = new FuzzCampaign("prompts JSON (PromptSet)", seed: 0x5052);
        var report = campaign.Run((rng, folder) =>
        {
            string what;
            byte[] bytes = rng.Next(4) == 0 ? ByteMutator.Mutate(original, rng, out what) : Edit(Encoding.UTF8.GetString(original), rng, out what);
            string path = Path.Combine(folder, "prompts.json");
            File.WriteAllBytes(path, bytes);
            return new FuzzInput(path, what);
        }, input =>
        {
            var prompts = PromptSet.Load(input.Path);
            var expected = ReadPairs(File.ReadAllBytes(input.Path));
            EcgSourceProbe.Check(prompts.Labels.SequenceEqual(expected.Select(p => p.Key)) && prompts.Descriptions.SequenceEqual(expected.Select(p => p.Value)),
                $"read {prompts.Count} prompts, JsonDocument reads {expected.Count}");
            EcgSourceProbe.Check(prompts.Labels.Distinct(StringComparer.Ordinal).Count() == prompts.Count, "a label repeats");
            EcgSourceProbe.Check(prompts.Labels.Concat(prompts.Descriptions).All(t => !string.IsNullOrWhiteSpace(t)), "a blank label or description");
        });
        report.AssertClean(TestContext);
    }

    // The reference: System.Text.Json's document reader with the same comment and trailing comma settings.
    private static List<KeyValuePair<string, string>> ReadPairs(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return [.. document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!))];
    }

    private static byte[] Edit(string text, Random rng, out string what)
    {
        var lines = text.Split('\n').ToList();
        var entries = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains("\": ", StringComparison.Ordinal)).ToArray();
        int line = entries[rng.Next(entries.Length)];
        switch (rng.Next(8))
        {
            case 0:
            case 1:
                {
                    int colon = lines[line].IndexOf("\": ", StringComparison.Ordinal);
                    string value = Values[rng.Next(Values.Length)];
                    bool comma = lines[line].EndsWith(',');
                    lines[line] = lines[line][..(colon + 3)] + value + (comma ? "," : "");
                    what = $"line {line} value = {value[..Math.Min(20, value.Length)]}";
                    break;
                }
            case 2:
                {
                    string label = new[] { "\"\"", "\" \"", "\"AF\"", "\"1dAVb\"", "\"\\uD800\"", "1", "\"a\\\"b\"" }[rng.Next(7)];
                    int colon = lines[line].IndexOf("\": ", StringComparison.Ordinal);
                    lines[line] = "  " + label + lines[line][(colon + 1)..];
                    what = $"line {line} label = {label}";
                    break;
                }
            case 3:
                lines.Insert(line, lines[entries[rng.Next(entries.Length)]]);
                what = $"line {line} duplicated";
                break;
            case 4:
                lines.RemoveAt(line);
                what = $"line {line} removed";
                break;
            case 5:
                {
                    string insert = new[] { "// comment", "/* c */", ",", "", "\"x\": \"y\",", "}", "{" }[rng.Next(7)];
                    lines.Insert(line, insert);
                    what = $"'{insert}' inserted at line {line}";
                    break;
                }
            case 6:
                {
                    byte[] bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines));
                    int at = ByteMutator.Offset(bytes.Length, rng);
                    byte[] bad = new[] { new byte[] { 0xFF }, [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xEF, 0xBB, 0xBF] }[rng.Next(5)];
                    what = $"bytes {Convert.ToHexString(bad)} at {at}";
                    return [.. bytes[..at], .. bad, .. bytes[at..]];
                }
            default:
                {
                    int cut = rng.Next(text.Length);
                    what = $"cut at {cut}";
                    return Encoding.UTF8.GetBytes(text[..cut]);
                }
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
