using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AuthTemplate.Tests.Infrastructure;

namespace AuthTemplate.Tests;

/// <summary>
/// Each generated solution builds, its site starts with `dotnet run` and answers its home page, and it passes its own
/// tests (unit, integration and, unless --e2e false, Playwright end-to-end; a subset for the extra site names). Their
/// TRX files go to artifacts/test-results/generated/&lt;combination&gt;/, where the Cake Test target counts them into
/// the summary. A site made with --database postgres runs on the run's PostgreSQL server: `dotnet run` on a database of
/// its own, and its tests with <c>AUTHSITE_TEST_POSTGRES</c> holding the server's maintenance connection string (the
/// site's test factory then makes a fresh database per factory there).
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class GeneratedSolutionTests(TemplateFixture fixture, PostgresFixture postgres, ITestOutputHelper output)
{
    /// <summary>The variable through which a generated site's tests get a PostgreSQL server (its maintenance database).</summary>
    public const string TestPostgresVariable = "AUTHSITE_TEST_POSTGRES";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(30);

    public static TheoryData<string> Combinations => TemplateCombination.Names;

    public static TheoryData<string> SiteNames => TemplateCombination.SiteNameCases;

    [Theory]
    [MemberData(nameof(Combinations))]
    public Task Builds_starts_and_its_tests_pass(string combination) => BuildStartAndTest(combination);

    [Theory]
    [MemberData(nameof(SiteNames))]
    public Task Site_name_builds_starts_and_its_tests_pass(string combination) => BuildStartAndTest(combination);

    private async Task BuildStartAndTest(string combination)
    {
        var site = fixture.Get(combination);
        var solution = site.FullPath(site.Combination.SiteName + ".slnx");
        Assert.True(File.Exists(solution), $"No solution file {solution}.");

        fixture.Report($"{combination}: dotnet build");
        var build = CommandRunner.Run(
            "dotnet",
            ["build", solution, "-nologo"],
            site.Directory,
            BuildTimeout,
            Path.Combine(fixture.LogDirectory, combination + ".build.log"));
        output.WriteLine($"build: exit code {build.ExitCode} in {build.Duration.TotalSeconds:0.0}s");
        Assert.True(build.Succeeded, $"The generated '{combination}' solution does not build.\n" + build.Describe());

        var name = site.Combination.SiteName;
        if (site.Combination.EnginePackage)
        {
            // The engine came from the solution's own packages/ folder: the restored package is that very file.
            using var assets = JsonDocument.Parse(File.ReadAllText(site.FullPath($"src/{name}/obj/project.assets.json")));
            var library = assets.RootElement.GetProperty("libraries").GetProperty($"{EnginePackage.PackageId}/{EnginePackage.Version}");
            Assert.Equal(EnginePackage.Sha512(site.FullPath(EnginePackage.FeedFile)), library.GetProperty("sha512").GetString());
        }

        // A site on PostgreSQL: `dotnet run` on a database of its own, its tests on the server (they make their own).
        // A site on SQLite tests SQLite, whatever the developer's shell holds.
        Dictionary<string, string?> runEnvironment = [];
        Dictionary<string, string?> testEnvironment = new() { [TestPostgresVariable] = null };
        if (site.Combination.Postgres)
        {
            var server = postgres.Server;
            runEnvironment["ConnectionStrings__Auth"] = await server.CreateDatabaseAsync(combination.Replace('-', '_') + "_run");
            testEnvironment[TestPostgresVariable] = server.MaintenanceConnectionString;
        }

        fixture.Report($"{combination}: dotnet run");
        var start = SiteStart.GetHomePage(
            site.FullPath($"src/{name}/{name}.csproj"),
            site.Directory,
            StartTimeout,
            Path.Combine(fixture.LogDirectory, combination + ".run.log"),
            runEnvironment);
        output.WriteLine($"run: GET / -> {(start.Status is { } status ? (int)status : "no answer")} in {start.Duration.TotalSeconds:0.0}s");
        Assert.True(start.Status == HttpStatusCode.OK, $"The generated '{combination}' site does not start and answer its home page.\n" + start.Describe());
        Assert.True(start.Body.Contains(name, StringComparison.Ordinal), $"The '{combination}' home page does not show the site name '{name}'.\n" + start.Describe());

        var results = Path.Combine(RepositoryPaths.GeneratedTestResults, combination);
        TemplateFixture.DeleteDirectory(results);
        fixture.Report($"{combination}: dotnet test (browser: {Environment.GetEnvironmentVariable("AUTHSITE_BROWSER") ?? "not set"}, database: {site.Combination.Database})");
        List<string> testArguments = ["test", solution, "--no-build", "--logger", $"trx;LogFilePrefix={combination}", "--results-directory", results];
        if (site.Combination.TestFilter is { } filter)
        {
            testArguments.AddRange(["--filter", filter]);
        }

        var test = CommandRunner.Run(
            "dotnet",
            testArguments,
            site.Directory,
            TestTimeout,
            Path.Combine(fixture.LogDirectory, combination + ".test.log"),
            testEnvironment);
        output.WriteLine($"test: exit code {test.ExitCode} in {test.Duration.TotalSeconds:0.0}s");
        output.WriteLine(test.Tail(15));
        fixture.Report($"{combination}: build {build.Duration.TotalSeconds:0}s, test {test.Duration.TotalSeconds:0}s, exit code {test.ExitCode}");
        Assert.True(test.Succeeded, $"The generated '{combination}' solution's tests fail.\n" + test.Describe(80));

        // Every generated test project ran at least one test (an empty project would prove nothing).
        var executed = ExecutedTestsByAssembly(results);
        var testProjects = site.Files
            .Where(f => f.StartsWith("tests/", StringComparison.Ordinal) && f.EndsWith(".csproj", StringComparison.Ordinal))
            .Select(f => Path.GetFileNameWithoutExtension(f))
            .ToList();
        Assert.NotEmpty(testProjects);
        foreach (var project in testProjects)
        {
            // The assemblies carry the site's assembly name where the projects carry the typed one (_System.Tests);
            // the engine's tests (--engine source) keep theirs.
            var assembly = project.StartsWith(site.Combination.SiteName + ".", StringComparison.Ordinal)
                ? site.Combination.SiteAssemblyName + project[site.Combination.SiteName.Length..]
                : project;
            executed.TryGetValue(assembly + ".dll", out var count);
            output.WriteLine($"{project}: {count} tests executed");
            Assert.True(count > 0, $"{project} ran no test in '{combination}' (TRX files in {results}: {string.Join(", ", Directory.GetFiles(results, "*.trx").Select(Path.GetFileName))}).");
        }
    }

    // Assembly file name (case-insensitive) -> number of executed tests, from every TRX in the folder.
    private static Dictionary<string, int> ExecutedTestsByAssembly(string folder)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (!Directory.Exists(folder))
        {
            return counts;
        }

        foreach (var trx in Directory.GetFiles(folder, "*.trx", SearchOption.AllDirectories))
        {
            var doc = XDocument.Load(trx);
            var storageById = doc.Descendants(ns + "UnitTest")
                .ToDictionary(t => (string)t.Attribute("id")!, t => Path.GetFileName((string?)t.Attribute("storage") ?? ""));
            foreach (var result in doc.Descendants(ns + "UnitTestResult").Where(r => (string?)r.Attribute("outcome") is "Passed" or "Failed"))
            {
                if (storageById.TryGetValue((string)result.Attribute("testId")!, out var assembly))
                {
                    counts[assembly] = counts.GetValueOrDefault(assembly) + 1;
                }
            }
        }

        return counts;
    }
}
