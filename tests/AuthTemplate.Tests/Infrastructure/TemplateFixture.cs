using System.Collections.Concurrent;
using Xunit.Sdk;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// Installs the packed template into an isolated hive once per run and instantiates each option
/// combination once (lazily, on first use), one `dotnet new` at a time. Everything lives under
/// artifacts/template-tests/, which is wiped when the fixture starts.
/// </summary>
public sealed class TemplateFixture
{
    public const string ShortName = "authsite";

    private static readonly TimeSpan NewTimeout = TimeSpan.FromMinutes(10);

    private readonly IMessageSink _diagnostics;
    private readonly Lazy<string> _hive;
    private readonly ConcurrentDictionary<string, Lazy<GeneratedSite>> _sites = new();
    private readonly object _dotnetNewGate = new();

    public TemplateFixture(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
        _hive = new Lazy<string>(InstallIntoHive, LazyThreadSafetyMode.ExecutionAndPublication);
        DeleteDirectory(RepositoryPaths.Scratch);
        Directory.CreateDirectory(RepositoryPaths.Scratch);
    }

    public string Hive => _hive.Value;

    public string LogDirectory => Path.Combine(RepositoryPaths.Scratch, "logs");

    /// <summary>The site for a combination, instantiated on first use (a failure is remembered, not retried).</summary>
    public GeneratedSite Get(string combinationName) =>
        _sites.GetOrAdd(
                combinationName,
                name => new Lazy<GeneratedSite>(() => Instantiate(TemplateCombination.Get(name)), LazyThreadSafetyMode.ExecutionAndPublication))
            .Value;

    /// <summary>Prints a progress line in the test run's output ([xUnit.net] diagnostic message).</summary>
    public void Report(string message) => _diagnostics.OnMessage(new DiagnosticMessage("[template] " + message));

    public static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private string InstallIntoHive()
    {
        var package = TemplatePackage.Find();
        var hive = Path.Combine(RepositoryPaths.Scratch, "hive");
        DeleteDirectory(hive);
        Report($"installing {Path.GetFileName(package)} into {hive}");
        var result = CommandRunner.Run(
            "dotnet",
            ["new", "install", package, "--debug:custom-hive", hive],
            RepositoryPaths.Root,
            NewTimeout,
            Path.Combine(LogDirectory, "install.log"));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Installing the template package failed.\n" + result.Describe());
        }

        if (!result.Output.Contains(ShortName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"`dotnet new install` did not list a template with short name '{ShortName}'.\n" + result.Describe());
        }

        return hive;
    }

    private GeneratedSite Instantiate(TemplateCombination combination)
    {
        var hive = Hive;
        var output = Path.Combine(RepositoryPaths.Scratch, combination.Name);
        lock (_dotnetNewGate)
        {
            DeleteDirectory(output);
            Report($"{combination.Name}: dotnet new {ShortName} {string.Join(' ', combination.TemplateArguments)}");
            List<string> arguments =
            [
                "new", ShortName,
                .. combination.TemplateArguments,
                "-o", output,
                "--no-update-check",
                "--debug:custom-hive", hive,
            ];
            var result = CommandRunner.Run("dotnet", arguments, RepositoryPaths.Root, NewTimeout, Path.Combine(LogDirectory, combination.Name + ".new.log"));
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Instantiating '{combination.Name}' failed.\n" + result.Describe());
            }

            if (!Directory.Exists(output))
            {
                throw new InvalidOperationException($"`dotnet new` for '{combination.Name}' succeeded but wrote nothing to {output}.\n" + result.Describe());
            }

            var restored = Directory.EnumerateFiles(output, "project.assets.json", SearchOption.AllDirectories).Any();
            var files = GeneratedSite.ListFiles(output);
            Report($"{combination.Name}: {files.Count} files in {result.Duration.TotalSeconds:0.0}s{(restored ? " (restored)" : "")}");
            return new GeneratedSite(combination, output, files, restored, result.Duration);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<TemplateFixture>, ICollectionFixture<PostgresFixture>
{
    public const string Name = "template";
}
