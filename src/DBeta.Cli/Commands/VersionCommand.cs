using DBeta.MLNet;
using System.CommandLine;
using System.Reflection;

namespace DBeta.Cli.Commands;

/// <summary><c>dbeta version</c>: the library version, for bug reports and output metadata.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the DBeta.MLNet version");
        command.SetAction(_ =>
        {
            var version = typeof(DBeta.MLNet.DBetaConfig).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            Console.WriteLine($"DBeta.MLNet {version}");
        });
        return command;
    }
}
