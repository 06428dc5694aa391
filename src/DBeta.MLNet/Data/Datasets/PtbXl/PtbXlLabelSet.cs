namespace DBeta.MLNet;

/// <summary>
/// The label sets of the PTB-XL benchmark (Strodthoff et al., 2020), built from the statements in each record's
/// <c>scp_codes</c> and their flags in <c>scp_statements.csv</c>. Counts are those of the full PTB-XL statement table.
/// </summary>
public enum PtbXlLabelSet
{
    /// <summary>All 71 SCP-ECG statements.</summary>
    All,

    /// <summary>The 44 diagnostic statements.</summary>
    Diagnostic,

    /// <summary>The 23 diagnostic subclasses (<c>diagnostic_subclass</c> of each diagnostic statement).</summary>
    Subdiagnostic,

    /// <summary>The 5 diagnostic superclasses NORM, MI, STTC, CD, HYP (<c>diagnostic_class</c> of each diagnostic statement).</summary>
    Superdiagnostic,

    /// <summary>The 19 form statements.</summary>
    Form,

    /// <summary>The 12 rhythm statements.</summary>
    Rhythm,
}
