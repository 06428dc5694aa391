using DBeta.MLNet;
using System.CommandLine;

namespace DBeta.Cli.Commands;

/// <summary>Every <c>dbeta</c> subcommand, in the order <c>--help</c> lists them.</summary>
internal static class CommandList
{
    public static IEnumerable<Command> All() =>
    [
        SynthCommand.Create(),
        PlotCommand.Create(),
        PreprocessCommand.Create(),
        ConvertCommand.Create(),
        LabelsCommand.Create(),
        EmbedCommand.Create(),
        EmbedTextCommand.Create(),
        ZeroShotCommand.Create(),
        MergeCommand.Create(),
        ProbeCommand.Create(),
        RocCommand.Create(),
        EvaluateCommand.Create(),
        ExplainCommand.Create(),
        SearchCommand.Create(),
        TokenizeCommand.Create(),
        BenchCommand.Create(),
        VersionCommand.Create(),
    ];
}
