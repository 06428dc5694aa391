
namespace DBeta.MLNet;

/// <summary>Finds the first NaN or infinite sample of a lead-major record, so no step passes silent NaN along.</summary>
internal static class EcgSampleCheck
{
    /// <summary>A problem text such as <c>lead V1 sample 17 is NaN</c>, or null when every sample is finite.</summary>
    public static string? FindNonFinite(ReadOnlySpan<float> samples, int leadCount)
    {
        int length = leadCount > 0 ? samples.Length / leadCount : samples.Length;
        for (int i = 0; i < samples.Length; i++)
        {
            float v = samples[i];
            if (float.IsFinite(v)) continue;
            int lead = length > 0 ? i / length : 0;
            string kind = float.IsNaN(v) ? "NaN" : v > 0 ? "+infinity" : "-infinity";
            return $"lead {LeadName(lead, leadCount)} sample {i - lead * length} is {kind}";
        }
        return null;
    }

    /// <summary>The standard name for 12-lead records, else the index.</summary>
    public static string LeadName(int lead, int leadCount) =>
        leadCount == EcgLeads.Standard.Count ? EcgLeads.Standard[lead] : lead.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
