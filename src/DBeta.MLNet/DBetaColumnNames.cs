namespace DBeta.MLNet;

/// <summary>
/// The column names every DBeta.MLNet loader writes and every transform reads by default, defined once: a pipeline of
/// defaults connects without naming a column.
/// </summary>
public static class DBetaColumnNames
{
    /// <summary>Record identifier (text): exam id, WFDB record name, or row index.</summary>
    public const string Id = "Id";

    /// <summary>The 12-lead signal, <c>Vector&lt;Single&gt;</c> of lead-major millivolts <c>[lead, time]</c>.</summary>
    public const string Ecg = "Ecg";

    /// <summary>The label vector of an ECG view with labels (<c>Vector&lt;Single&gt;</c> of 0/1; one Boolean column per label as well).</summary>
    public const string Labels = "Labels";

    /// <summary>An ECG's D-BETA embedding, <c>Vector&lt;Single, 768&gt;</c>.</summary>
    public const string Embedding = "Embedding";

    /// <summary>Input text of the text encoder.</summary>
    public const string Text = "Text";

    /// <summary>A record's machine report text (MIMIC-IV-ECG's <c>report_0</c> ... <c>report_17</c> joined).</summary>
    public const string Report = "Report";

    /// <summary>The patient a record belongs to (MIMIC-IV-ECG's <c>subject_id</c>), text, for patient-level splits.</summary>
    public const string SubjectId = "SubjectId";

    /// <summary>A text's D-BETA embedding, <c>Vector&lt;Single, 768&gt;</c>.</summary>
    public const string TextEmbedding = "TextEmbedding";

    /// <summary>Zero-shot scores, <c>Vector&lt;Single, K&gt;</c> with the labels as slot names.</summary>
    public const string Scores = "Scores";

    /// <summary>Annotation of the <see cref="Ecg"/> column: the sampling rate in Hz (Double).</summary>
    public const string SampleRateAnnotation = "SampleRate";
}
