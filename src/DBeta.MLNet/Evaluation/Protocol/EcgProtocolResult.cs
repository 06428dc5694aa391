using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DBeta.MLNet;

/// <summary>
/// The outcome of <c>mlContext.Model.EvaluateEcgProtocol</c>: a row per method and label fraction, the labels evaluated
/// and those left out with the reason, the split, and the run's provenance (model hashes, cache hits, versions, time per
/// stage). <see cref="ToTable"/> prints it in the paper's layout; <see cref="Save"/> writes every number as JSON.
/// </summary>
public sealed class EcgProtocolResult
{
    private readonly IReadOnlyList<string> _ids;
    private readonly IReadOnlyList<EcgSplitPart> _parts;
    private readonly EcgFormat _format;

    internal EcgProtocolResult(EcgProtocolOptions options, EcgFormat format, string datasetName, IReadOnlyList<string> ids, IReadOnlyList<EcgSplitPart> parts,
        string splitSource, IReadOnlyList<string> labels, IReadOnlyList<string> leftOut, IReadOnlyList<EcgProtocolRow> rows,
        IReadOnlyDictionary<string, string> provenance, IReadOnlyDictionary<string, double> stageSeconds)
    {
        Options = options;
        _format = format;
        Dataset = datasetName;
        _ids = ids;
        _parts = parts;
        SplitSource = splitSource;
        Labels = labels;
        LabelsLeftOut = leftOut;
        Rows = rows;
        Provenance = provenance;
        StageSeconds = stageSeconds;
    }

    /// <summary>The options of the run.</summary>
    public EcgProtocolOptions Options { get; }

    /// <summary>The dataset in words: format, label set and path.</summary>
    public string Dataset { get; }

    /// <summary>Records in the train, validation and test parts.</summary>
    public (int Train, int Validation, int Test) SplitCounts =>
        (_parts.Count(p => p == EcgSplitPart.Train), _parts.Count(p => p == EcgSplitPart.Validation), _parts.Count(p => p == EcgSplitPart.Test));

    /// <summary>Where the split came from (a file, the dataset's folds, or the rule and seed that made it).</summary>
    public string SplitSource { get; }

    /// <summary>The labels every row evaluates (both classes in training, enough positives in test).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The labels of the set left out, each as <c>label: reason</c> (e.g. <c>LBBB: 2 positives in test, fewer than 5</c>).</summary>
    public IReadOnlyList<string> LabelsLeftOut { get; }

    /// <summary>Zero-shot (when a text model was given), then each head at each fraction.</summary>
    public IReadOnlyList<EcgProtocolRow> Rows { get; }

    /// <summary>
    /// What produced the numbers: <c>ecg_model_sha256</c>, <c>text_model_sha256</c>, <c>tokenizer_sha256</c>,
    /// <c>embeddings_from_cache</c>, <c>prompts_from_cache</c>, <c>preprocessing</c>, <c>dbeta_mlnet</c>, <c>ml_net</c>,
    /// <c>onnx_runtime</c> versions, and the like.
    /// </summary>
    public IReadOnlyDictionary<string, string> Provenance { get; }

    /// <summary>Wall time of each stage in seconds: <c>embedding</c>, <c>probes</c>, <c>zero_shot</c>, <c>bootstrap</c>, <c>total</c>.</summary>
    public IReadOnlyDictionary<string, double> StageSeconds { get; }

    /// <summary>
    /// The paper's layout: macro AUROC in %, one row per method, a column for zero-shot and one per label fraction,
    /// each value with its bootstrap interval; a header naming the dataset, the split and how many labels are averaged.
    /// </summary>
    public string ToTable()
    {
        var fractions = Rows.Where(r => r.LabelFraction is not null).Select(r => r.LabelFraction!.Value).Distinct().Order().ToArray();
        bool zeroShot = Rows.Any(r => r.LabelFraction is null);
        var header = new List<string> { "Method" };
        if (zeroShot) header.Add("zero-shot");
        header.AddRange(fractions.Select(f => Percent(f) + " labels"));
        var table = new List<string[]> { header.ToArray() };
        foreach (string method in Rows.Select(r => r.Method).Distinct())
        {
            var cells = new List<string> { method };
            if (zeroShot) cells.Add(Cell(Rows.FirstOrDefault(r => r.Method == method && r.LabelFraction is null)));
            cells.AddRange(fractions.Select(f => Cell(Rows.FirstOrDefault(r => r.Method == method && r.LabelFraction == f))));
            table.Add([.. cells]);
        }
        var widths = Enumerable.Range(0, header.Count).Select(c => table.Max(r => r[c].Length)).ToArray();
        var (train, validation, test) = SplitCounts;
        var text = new StringBuilder();
        text.AppendLine(Dataset);
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"macro AUROC (%) over {Labels.Count} label(s), test {test} ECGs (train {train}, validation {validation}); {Level()} bootstrap interval, {Options.Bootstrap.Resamples} resamples"));
        if (LabelsLeftOut.Count > 0) AppendWrapped(text, $"left out ({LabelsLeftOut.Count}): ", LabelsLeftOut);
        foreach (var row in Rows.Where(r => r.Problem is not null))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"not trained: {row.Method} at {Percent(row.LabelFraction ?? 1)}: {row.Problem}"));
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        return text.ToString();
    }

    /// <inheritdoc cref="ToTable"/>
    public override string ToString() => ToTable();

    /// <summary>Writes every number, the options and the provenance as JSON (atomically).</summary>
    public void Save(string jsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(jsonPath);
        AtomicFile.Write(jsonPath, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteString("dataset", Dataset);
            w.WriteStartObject("options");
            w.WriteString("dataset_path", Options.DatasetPath);
            w.WriteString("format", _format.ToString()); // as read: Auto resolved to the layout found
            w.WriteString("label_set", Options.LabelSet);
            w.WriteString("lead_set", Options.LeadSet.ToString());
            WriteArray(w, "label_fractions", Options.LabelFractions);
            WriteArray(w, "heads", Options.Heads.Select(head => head.ToString()));
            w.WriteNumber("seeds", Options.Seeds);
            WriteArray(w, "l2_grid", Options.L2Grid);
            w.WriteNumber("bootstrap_resamples", Options.Bootstrap.Resamples);
            w.WriteNumber("bootstrap_seed", Options.Bootstrap.Seed);
            w.WriteNumber("bootstrap_level", Options.Bootstrap.Level);
            w.WriteNumber("minimum_test_positives", Options.MinimumTestPositives);
            w.WriteEndObject();
            var (train, validation, test) = SplitCounts;
            w.WriteStartObject("split");
            w.WriteString("source", SplitSource);
            w.WriteNumber("train", train);
            w.WriteNumber("validation", validation);
            w.WriteNumber("test", test);
            w.WriteEndObject();
            WriteArray(w, "labels", Labels);
            WriteArray(w, "labels_left_out", LabelsLeftOut);
            w.WriteStartArray("rows");
            foreach (var row in Rows) WriteRow(w, row);
            w.WriteEndArray();
            w.WriteStartObject("provenance");
            foreach (var (key, value) in Provenance) w.WriteString(key, value);
            w.WriteEndObject();
            w.WriteStartObject("stage_seconds");
            foreach (var (key, value) in StageSeconds) w.WriteNumber(key, Math.Round(value, 3));
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>Writes the split as <c>Id,Part</c> (<c>train</c>, <c>validation</c>, <c>test</c>), the file <see cref="EcgProtocolOptions.SplitPath"/> reads back.</summary>
    public void SaveSplit(string csvPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(csvPath);
        ProtocolSplit.Write(csvPath, _ids, _parts);
    }

    private static void WriteRow(Utf8JsonWriter w, EcgProtocolRow row)
    {
        w.WriteStartObject();
        w.WriteString("method", row.Method);
        if (row.Problem is not null) w.WriteString("problem", row.Problem);
        if (row.LabelFraction is { } fraction) w.WriteNumber("label_fraction", fraction); else w.WriteNull("label_fraction");
        Number(w, "macro_auroc", row.MacroAuroc);
        WriteInterval(w, "macro_auroc_interval", row.MacroAurocInterval);
        WriteArray(w, "chosen_l2", row.ChosenL2);
        WriteArray(w, "training_rows", row.TrainingRows);
        w.WriteStartArray("seeds");
        foreach (var metrics in row.Seeds)
        {
            w.WriteStartObject();
            Number(w, "macro_auroc", metrics.MacroAuroc);
            Number(w, "macro_f1", metrics.MacroF1);
            w.WriteStartArray("per_label");
            foreach (var m in metrics.PerLabel)
            {
                w.WriteStartObject();
                w.WriteString("label", m.Label);
                w.WriteNumber("positives", m.Positives);
                w.WriteNumber("negatives", m.Negatives);
                Number(w, "auroc", m.Auroc);
                WriteInterval(w, "auroc_interval", m.AurocInterval);
                Number(w, "threshold", m.Threshold);
                Number(w, "f1", m.F1);
                Number(w, "sensitivity", m.Sensitivity);
                Number(w, "specificity", m.Specificity);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteInterval(Utf8JsonWriter w, string name, AurocInterval? interval)
    {
        if (interval is null || double.IsNaN(interval.Lower)) { w.WriteNull(name); return; }
        w.WriteStartArray(name);
        w.WriteNumberValue(interval.Lower);
        w.WriteNumberValue(interval.Upper);
        w.WriteEndArray();
    }

    /// <summary>Writes <paramref name="values"/> as a JSON array (numbers as numbers, text as strings).</summary>
    private static void WriteArray<T>(Utf8JsonWriter w, string name, IEnumerable<T> values)
    {
        w.WritePropertyName(name);
        JsonSerializer.Serialize(w, values);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value); else w.WriteNull(name);
    }

    /// <summary>Appends <paramref name="items"/> after <paramref name="lead"/>, separated by "; ", in lines of at most 118 characters.</summary>
    private static void AppendWrapped(StringBuilder text, string lead, IReadOnlyList<string> items)
    {
        var line = new StringBuilder(lead);
        for (int i = 0; i < items.Count; i++)
        {
            string item = items[i] + (i < items.Count - 1 ? ";" : "");
            if (line.Length > lead.Length && line.Length + 1 + item.Length > 118)
            {
                text.AppendLine(line.ToString());
                line.Clear().Append(' ', 2);
            }
            else if (line.Length > lead.Length)
            {
                line.Append(' ');
            }
            line.Append(item);
        }
        text.AppendLine(line.ToString());
    }

    private string Level() => Percent(Options.Bootstrap.Level);

    private static string Percent(double fraction) => (100 * fraction).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    private static string Cell(EcgProtocolRow? row)
    {
        if (row is null) return "";
        if (row.Problem is not null) return "not trained";
        if (double.IsNaN(row.MacroAuroc)) return "n/a";
        string value = (100 * row.MacroAuroc).ToString("0.00", CultureInfo.InvariantCulture);
        return row.MacroAurocInterval is { } ci && !double.IsNaN(ci.Lower)
            ? string.Create(CultureInfo.InvariantCulture, $"{value} [{100 * ci.Lower:0.0}, {100 * ci.Upper:0.0}]")
            : value;
    }
}
