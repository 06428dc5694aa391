using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using DBeta.MLNet.Tests.TestSupport;

namespace DBeta.MLNet.Tests.Packaging;

/// <summary>
/// The two packages as a .NET user meets them: <c>dotnet pack</c> (of what the test build already compiled) into a
/// temporary folder feed; a new console app outside the solution that references <c>DBeta.MLNet</c> from that feed plus
/// <c>Microsoft.ML.OnnxRuntime</c> and embeds with the README's three calls; and the <c>dbeta</c> tool installed from
/// the feed with <c>dotnet tool install</c>. Each run packs a version of its own (<c>0.0.0-packtest.TICKS</c>) and
/// removes it from the global NuGet cache afterwards, so no stale same-version package stays behind.
/// Run alone with <c>dotnet test -- --filter TestCategory=Packaging</c>.
/// </summary>
[TestClass]
[TestCategory("Packaging")]
public sealed class PackAndConsumeTests
{
    private static readonly string Configuration =
        typeof(PackAndConsumeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    [TestMethod]
    public void PackedLibraryEmbedsInANewAppAndTheInstalledToolEmbedsTheSame()
    {
        string version = $"0.0.0-packtest.{DateTime.UtcNow.Ticks}";
        using var temp = new TempFolder();
        string feed = Directory.CreateDirectory(temp.File("feed")).FullName;
        try
        {
            Pack("src/DBeta.MLNet/DBeta.MLNet.csproj", version, feed, temp.Path);
            Pack("src/DBeta.MLNet.Plots/DBeta.MLNet.Plots.csproj", version, feed, temp.Path);
            Pack("src/DBeta.MLNet.Trees/DBeta.MLNet.Trees.csproj", version, feed, temp.Path);
            Pack("src/DBeta.Cli/DBeta.Cli.csproj", version, feed, temp.Path);
            // The plots package carries ScottPlot (and its natives) so that the library does not.
            string[] libraryDependencies = NuspecDependencies(temp.Path, "DBeta.MLNet", version), plotDependencies = NuspecDependencies(temp.Path, "DBeta.MLNet.Plots", version);
            CollectionAssert.DoesNotContain(libraryDependencies, "ScottPlot", string.Join(", ", libraryDependencies));
            CollectionAssert.IsSubsetOf(new[] { "DBeta.MLNet", "ScottPlot" }, plotDependencies, string.Join(", ", plotDependencies));
            // Likewise the tree heads' package carries FastTree and LightGBM (LightGBM's native library).
            string[] treeDependencies = NuspecDependencies(temp.Path, "DBeta.MLNet.Trees", version);
            foreach (string trees in new[] { "Microsoft.ML.FastTree", "Microsoft.ML.LightGbm" })
            {
                CollectionAssert.DoesNotContain(libraryDependencies, trees, string.Join(", ", libraryDependencies));
                CollectionAssert.Contains(treeDependencies, trees, string.Join(", ", treeDependencies));
            }
            string library = Path.Combine(feed, $"DBeta.MLNet.{version}.nupkg");
            Assert.IsTrue(File.Exists(library), "no DBeta.MLNet package in the feed");
            Assert.IsTrue(File.Exists(Path.Combine(feed, $"dbeta.{version}.nupkg")), "no dbeta tool package in the feed");

            // The consumer app: a fresh folder of its own, the feed plus the machine's usual sources.
            string app = Directory.CreateDirectory(temp.File("app")).FullName;
            string work = Directory.CreateDirectory(temp.File("work")).FullName;
            File.WriteAllText(Path.Combine(app, "nuget.config"), NuGetConfig(feed));
            File.WriteAllText(Path.Combine(app, "app.csproj"), AppProject(version));
            File.WriteAllText(Path.Combine(app, "Program.cs"), AppProgram);
            var run = Dotnet(app, "run", "--", work);
            Assert.AreEqual(0, run.Code, $"the consumer app failed:\n{run.Output}\n{run.Error}");
            StringAssert.Contains(run.Output, $"rows=3 width={DBetaConfig.Tiny.EmbeddingDim} finite=True", run.Output);
            // What the embedding app pulled: no plotting library, no tree trainers, and none of their natives.
            string assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
            foreach (string unwanted in new[] { "ScottPlot", "SkiaSharp", "HarfBuzzSharp", "Microsoft.ML.FastTree", "Microsoft.ML.LightGbm" })
                Assert.DoesNotContain($"\"{unwanted}/", assets, $"the embedding app pulled {unwanted}");
            float[][] appEmbeddings = File.ReadAllLines(Path.Combine(work, "embeddings.txt"))
                .Select(line => line.Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

            // The tool, installed from the feed as a user installs it.
            string tools = temp.File("tools");
            var install = Dotnet(temp.Path, "tool", "install", "--tool-path", tools, "--add-source", feed, "dbeta", "--version", version);
            Assert.AreEqual(0, install.Code, $"dotnet tool install failed:\n{install.Output}\n{install.Error}");
            string dbeta = Path.Combine(tools, OperatingSystem.IsWindows() ? "dbeta.exe" : "dbeta");

            string models = temp.File("models");
            var convert = Run(dbeta, temp.Path, "convert", "--random", "--tiny", "--seed", "42", "--out", models);
            Assert.AreEqual(0, convert.Code, $"dbeta convert failed:\n{convert.Output}\n{convert.Error}");
            Assert.IsTrue(File.Exists(Path.Combine(models, "dbeta-text.onnx")), convert.Output);
            // The tool's converter is the package's: the same seed gives the same ECG model bytes as the app wrote.
            CollectionAssert.AreEqual(File.ReadAllBytes(Path.Combine(work, "dbeta-ecg.onnx")), File.ReadAllBytes(Path.Combine(models, "dbeta-ecg.onnx")));

            string npy = temp.File("embeddings.npy");
            var embed = Run(dbeta, temp.Path, "embed", "--model", Path.Combine(models, "dbeta-ecg.onnx"), "--input", Path.Combine(work, "exams.h5"), "--out", npy);
            Assert.AreEqual(0, embed.Code, $"dbeta embed failed:\n{embed.Output}\n{embed.Error}");
            using var written = NpyReader.Open(npy);
            CollectionAssert.AreEqual(new long[] { 3, DBetaConfig.Tiny.EmbeddingDim }, written.Shape.ToArray());
            float[] toolEmbeddings = written.ReadAll();
            for (int row = 0; row < appEmbeddings.Length; row++)
                for (int j = 0; j < appEmbeddings[row].Length; j++)
                    Assert.AreEqual(appEmbeddings[row][j], toolEmbeddings[row * appEmbeddings[row].Length + j], 1e-5f, $"row {row}, slot {j}");
        }
        finally
        {
            // The consumer's restore put this run's version into the global packages folder; nothing else did.
            string id = Path.Combine(GlobalPackagesFolder(), "dbeta.mlnet"), cached = Path.Combine(id, version);
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
            if (Directory.Exists(id) && !Directory.EnumerateFileSystemEntries(id).Any()) Directory.Delete(id);
        }
    }

    private static void Pack(string project, string version, string feed, string temp)
    {
        // --no-build packs the assemblies the test build compiled; the nuspec and the tool's publish folder go to temp.
        var pack = Dotnet(RepoPaths.Root, "pack", project, "-c", Configuration, "--no-build", "-o", feed, $"-p:Version={version}",
            $"-p:NuspecOutputPath={Path.Combine(temp, "nuspec")}/", $"-p:PublishDir={Path.Combine(temp, "publish")}/");
        Assert.AreEqual(0, pack.Code, $"dotnet pack {project} failed:\n{pack.Output}\n{pack.Error}");
    }

    private static string NuGetConfig(string feed) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="dbeta-test-feed" value="{feed}" />
          </packageSources>
        </configuration>
        """;

    /// <summary>The package ids <paramref name="id"/>'s nuspec (written by the pack under <paramref name="temp"/>/nuspec) depends on.</summary>
    private static string[] NuspecDependencies(string temp, string id, string version)
    {
        var nuspec = System.Xml.Linq.XDocument.Load(Path.Combine(temp, "nuspec", $"{id}.{version}.nuspec"));
        return [.. nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).Distinct()];
    }

    // The app pins the native runtime at the version the library was built against (Microsoft.ML.OnnxRuntime.Managed).
    private static string AppProject(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="DBeta.MLNet" Version="{version}" />
            <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="{OnnxRuntimeVersion()}" />
          </ItemGroup>
        </Project>
        """;

    private const string AppProgram = """
        using DBeta.MLNet;
        using Microsoft.ML;

        string folder = args[0];
        var ml = new MLContext(seed: 1);
        string h5 = Path.Combine(folder, "exams.h5");
        ml.Data.SaveSyntheticEcgsAsCode(new SyntheticEcgOptions { Count = 3, Seed = 7 }, h5, Path.Combine(folder, "labels.csv"));
        string modelPath = Path.Combine(folder, "dbeta-ecg.onnx");
        DBetaModels.WriteRandomEcgModel(DBetaConfig.Tiny, modelPath, seed: 42);

        var ecgs = ml.Data.LoadEcgFromHdf5(h5);
        var pipeline = ml.Transforms.PrepareEcgForDBeta(ecgs.SampleRate)
            .Append(ml.Transforms.EmbedEcgWithDBeta(modelPath));
        using var model = pipeline.Fit(ecgs);
        IDataView embedded = model.Transform(ecgs);
        var rows = ml.Data.CreateEnumerable<EmbeddedRow>(embedded, reuseRowObject: false).ToList();
        File.WriteAllLines(Path.Combine(folder, "embeddings.txt"),
            rows.Select(r => string.Join(' ', r.Embedding.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        Console.WriteLine($"rows={rows.Count} width={rows[0].Embedding.Length} finite={rows.All(r => r.Embedding.All(float.IsFinite))}");

        sealed class EmbeddedRow
        {
            public float[] Embedding { get; set; } = [];
        }
        """;

    /// <summary>The ONNX Runtime version the repository pins (Directory.Packages.props), for the app's native runtime.</summary>
    private static string OnnxRuntimeVersion()
    {
        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").Single(e => (string?)e.Attribute("Include") == "Microsoft.ML.OnnxRuntime.Managed").Attribute("Version")!.Value;
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static (int Code, string Output, string Error) Dotnet(string workingDirectory, params string[] args) =>
        Run("dotnet", workingDirectory, args);

    private static (int Code, string Output, string Error) Run(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        // The test host's MSBuild variables would point a nested dotnet at the test run's MSBuild; start it clean.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(300_000), $"{program} {string.Join(' ', args)} did not finish in 300 s");
        return (process.ExitCode, output.Result, error.Result);
    }
}
