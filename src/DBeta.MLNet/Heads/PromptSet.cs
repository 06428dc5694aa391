using System.Text;
using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>
/// The zero-shot prompts of a classification task: one text description per label, in label order. Stored as a flat
/// JSON object <c>{"LABEL": "description", ...}</c>, the layout of D-BETA's <c>context_llm.json</c>.
/// </summary>
public sealed class PromptSet
{
    // A prompt file holds a few dozen sentences; anything this large is the wrong file.
    private const long MaxFileBytes = 16L << 20;
    private const string CodeDefaultsResource = "DBeta.MLNet.Heads.code-prompts.json";

    private static readonly Lazy<PromptSet> CodeDefaultsValue = new(() => LoadResource(CodeDefaultsResource));

    private readonly Dictionary<string, int> _index;

    /// <summary>
    /// Creates a prompt set from (label, description) pairs, keeping their order. Throws <see cref="ArgumentException"/>
    /// when there are none, a label or description is empty or blank, or a label repeats.
    /// </summary>
    public PromptSet(IEnumerable<KeyValuePair<string, string>> prompts)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var labels = new List<string>();
        var descriptions = new List<string>();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (label, description) in prompts)
        {
            string? problem = Check(label, description, _index);
            if (problem is not null) throw new ArgumentException(problem, nameof(prompts));
            _index[label] = labels.Count;
            labels.Add(label);
            descriptions.Add(description);
        }
        if (labels.Count == 0) throw new ArgumentException("a prompt set needs at least one label", nameof(prompts));
        Labels = labels;
        Descriptions = descriptions;
    }

    /// <summary>The labels, in file order (the order of the classifier's outputs).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The description of each label, in the order of <see cref="Labels"/>: the texts to embed.</summary>
    public IReadOnlyList<string> Descriptions { get; }

    /// <summary>Number of labels.</summary>
    public int Count => Labels.Count;

    /// <summary>The description of <paramref name="label"/>; throws <see cref="KeyNotFoundException"/> naming the known labels otherwise.</summary>
    public string this[string label] =>
        _index.TryGetValue(label, out int i)
            ? Descriptions[i]
            : throw new KeyNotFoundException($"no prompt for label '{label}'; labels: {string.Join(", ", Labels)}");

    /// <summary>The position of <paramref name="label"/> in <see cref="Labels"/>, or -1.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label, out int i) ? i : -1;

    /// <summary>
    /// This project's own prompts for the six CODE test-set classes, in the order 1dAVb, RBBB, LBBB, SB, AF, ST
    /// (also shipped as <c>models/prompts/code-prompts.json</c>).
    /// </summary>
    public static PromptSet CodeDefaults => CodeDefaultsValue.Value;

    /// <summary>
    /// Reads a prompt file. Throws <see cref="ModelFormatException"/> naming the file when it is not a JSON object of
    /// label to non-empty description string, is empty, or repeats a label.
    /// </summary>
    public static PromptSet Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path}: prompt file not found", path);
        if (info.Length > MaxFileBytes)
            throw new ModelFormatException(path, $"file is {info.Length} bytes, too large for a prompt file (limit {MaxFileBytes} bytes)");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses prompt JSON (UTF-8); <paramref name="sourceName"/> names the source in errors.</summary>
    public static PromptSet Parse(ReadOnlySpan<byte> json, string sourceName)
    {
        if (json.StartsWith("\uFEFF"u8)) json = json[3..];
        if (json.Trim(" \t\r\n"u8).IsEmpty)
            throw new ModelFormatException(sourceName, "file is empty; expected a JSON object {\"LABEL\": \"description\", ...}");
        var prompts = new List<KeyValuePair<string, string>>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new ModelFormatException(sourceName, $"expected a JSON object {{\"LABEL\": \"description\", ...}}, found {Describe(reader.TokenType)}");

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string label = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    throw new ModelFormatException(sourceName, $"label '{label}': expected a description string, found {Describe(reader.TokenType)}");
                string description = reader.GetString()!;
                string? problem = Check(label, description, seen);
                if (problem is not null) throw new ModelFormatException(sourceName, problem);
                seen[label] = prompts.Count;
                prompts.Add(new(label, description));
            }
            if (reader.Read())
                throw new ModelFormatException(sourceName, "unexpected content after the JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(sourceName, $"not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader checks a string's encoding only when it is read: invalid UTF-8 or a lone surrogate escape ends here.
            throw new ModelFormatException(sourceName, $"a label or description is not valid text (invalid UTF-8 or an unpaired \\u surrogate escape): {e.Message}", e);
        }
        if (prompts.Count == 0)
            throw new ModelFormatException(sourceName, "has no prompts; expected at least one \"LABEL\": \"description\" pair");
        return new PromptSet(prompts);
    }

    /// <summary>Writes the prompts as an indented JSON object in label order (atomically: no half-written file).</summary>
    public void Save(string path)
    {
        AtomicFile.Write(path, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            writer.WriteStartObject();
            for (int i = 0; i < Count; i++) writer.WriteString(Labels[i], Descriptions[i]);
            writer.WriteEndObject();
            writer.Flush();
            stream.Write("\n"u8);
        });
    }

    private static string? Check(string? label, string? description, Dictionary<string, int> seen)
    {
        if (string.IsNullOrWhiteSpace(label)) return "a label is empty; every label needs a name";
        if (seen.ContainsKey(label)) return $"label '{label}' appears twice";
        if (description is null) return $"label '{label}': description is missing";
        if (string.IsNullOrWhiteSpace(description)) return $"label '{label}': description is empty";
        return null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>Reads a prompt file embedded in this assembly under <paramref name="resourceName"/>.</summary>
    internal static PromptSet LoadResource(string resourceName)
    {
        using Stream stream = typeof(PromptSet).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"resource {resourceName} is missing from {typeof(PromptSet).Assembly.GetName().Name}");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray(), resourceName);
    }
}
