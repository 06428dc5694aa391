using System.CommandLine;
using DBeta.MLNet;

namespace DBeta.Cli.Commands;

/// <summary>The optional preprocessing steps <c>embed</c> and <c>preprocess</c> share: <c>--filter</c> and <c>--leads</c>.</summary>
internal sealed class EcgPreprocessingArguments
{
    public Option<EcgFilterKind?> Filter { get; } = new("--filter")
    {
        Description = "Clean each lead at the input's rate before resampling: 'neurokit' is NeuroKit2's ecg_clean default "
            + "(5th-order Butterworth high-pass at 0.5 Hz, then a 50 Hz powerline moving average, both forward and backward). Default: none, as in D-BETA",
    };

    public Option<int> Leads { get; } = new("--leads")
    {
        Description = "Challenge 2021 lead set the encoder sees, the other leads set to zero: 12 (all, default), 6 (I II III aVR aVL aVF), 4 (I II III V2), 3 (I II V2) or 2 (I II)",
        DefaultValueFactory = _ => 12,
    };

    public void AddTo(Command command)
    {
        Leads.Validators.Add(result =>
        {
            int leads = result.GetValueOrDefault<int>();
            if (!Enum.IsDefined((EcgLeadSet)leads)) result.AddError($"--leads {leads}: choose 12, 6, 4, 3 or 2");
        });
        command.Options.Add(Filter);
        command.Options.Add(Leads);
    }

    /// <summary>The filter <c>--filter</c> asks for, or null.</summary>
    public EcgFilteringOptions? FilterOptions(ParseResult parse) =>
        parse.GetValue(Filter) is { } kind ? new EcgFilteringOptions { Kind = kind } : null;

    /// <summary>The lead set <c>--leads</c> names.</summary>
    public EcgLeadSet LeadSet(ParseResult parse) => (EcgLeadSet)parse.GetValue(Leads);

    /// <summary>Refuses records too short for the filter before any work, naming the input, its length and the minimum.</summary>
    public void CheckLength(ParseResult parse, string path, double sampleRate, int sampleCount)
    {
        if (FilterOptions(parse) is null) return;
        NeuroKitEcgCleaner cleaner;
        try { cleaner = new NeuroKitEcgCleaner(sampleRate); }
        catch (ArgumentOutOfRangeException e) { throw new EcgDataException(path, $"--filter neurokit at {sampleRate} Hz: {e.Message}"); }
        if (cleaner.LengthProblem(sampleCount) is { } problem)
            throw new EcgDataException(path, $"--filter neurokit: {problem}");
    }

    /// <summary>One line saying what the optional steps do, or null when neither is asked for.</summary>
    public string? Describe(ParseResult parse, double sampleRate)
    {
        var parts = new List<string>();
        if (parse.GetValue(Filter) is { } kind)
            parts.Add($"filter {kind} at {sampleRate:0.###} Hz (0.5 Hz high-pass, 50 Hz powerline average)");
        if (LeadSet(parse) is var set && set != EcgLeadSet.Twelve)
            parts.Add($"leads {string.Join(" ", EcgLeadSets.LeadNames(set))} (the others zero)");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
