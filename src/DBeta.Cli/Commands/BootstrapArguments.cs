using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary><c>--bootstrap N</c> and <c>--bootstrap-seed S</c>: AUROC confidence intervals for the commands that print metrics.</summary>
internal sealed class BootstrapArguments
{
    public Option<int> Resamples { get; } = new("--bootstrap")
    {
        Description = "Also print a 95 % bootstrap confidence interval of each AUROC and of the macro AUROC from this many resamples of the test rows (e.g. 1000; 0: none)",
        DefaultValueFactory = _ => 0,
    };

    public Option<ulong> Seed { get; } = new("--bootstrap-seed")
    {
        Description = "Seed of the bootstrap resamples (SplitMix64, documented so any language repeats them)",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Resamples);
        command.Options.Add(Seed);
        // A left-out --bootstrap reads 0 here too, which is also its default (none).
        command.Validators.Add(result =>
        {
            if (result.GetValue(Resamples) is < 0 or 1) result.AddError("--bootstrap needs at least 2 resamples (1000 is usual), or 0 for none");
        });
    }

    /// <summary>The bootstrap asked for, or null for none.</summary>
    public AurocBootstrapOptions? Options(ParseResult parse) =>
        parse.GetValue(Resamples) is int resamples and > 0 ? new AurocBootstrapOptions { Resamples = resamples, Seed = parse.GetValue(Seed) } : null;
}
