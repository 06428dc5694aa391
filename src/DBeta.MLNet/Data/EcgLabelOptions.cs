namespace DBeta.MLNet;

/// <summary>How <see cref="EcgLabels.LoadCsv"/> reads a label CSV.</summary>
public sealed class EcgLabelOptions
{
    /// <summary>
    /// Column holding the record id to join on (e.g. <c>exam_id</c> in CODE-15's <c>exams.csv</c>); each record's id
    /// must appear exactly once, other rows are ignored. Default: null, which matches rows to records by order,
    /// one row per record (CODE's <c>gold_standard.csv</c>).
    /// </summary>
    public string? IdColumn { get; set; }

    /// <summary>Columns to use as labels. Default: null, which uses every column except <see cref="IdColumn"/>.</summary>
    public IReadOnlyList<string>? LabelColumns { get; set; }
}
