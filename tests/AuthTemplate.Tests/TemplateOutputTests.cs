using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AuthTemplate.Tests.Infrastructure;

namespace AuthTemplate.Tests;

/// <summary>What `dotnet new authsite` writes, for each option combination (no build here).</summary>
[Collection(TemplateCollection.Name)]
public sealed class TemplateOutputTests(TemplateFixture fixture, ITestOutputHelper output)
{
    private const string UpdateBaselinesVariable = "AUTHSITE_UPDATE_BASELINES";

    // Template-engine syntax that must never reach a generated file.
    private static readonly string[] Markers =
    [
        "#if (", "#elif (", "//#if", "//#elif", "//#else", "//#endif",
        "@*#if", "@*#elif", "@*#else", "@*#endif",
        "<!--#if", "<!--#elif", "<!--#else", "<!--#endif",
        "//-:cnd", "//+:cnd",
    ];

    private static readonly Regex RealCSharpIf = new(@"^\s*#if\s+[!A-Za-z_]", RegexOptions.Multiline);

    // A solution file name, or a path under src/ or tests/, as the README writes them.
    private static readonly Regex ReadmePath = new(@"(?<![\w/.-])(?:[\w.-]+\.slnx|(?:src|tests)/[\w./-]*\w)(?![\w*])");

    // `namespace X;` / `namespace X {` in C#, `@namespace X` in Razor.
    private static readonly Regex NamespaceDeclaration = new(@"^\s*@?namespace\s+(?<name>[^\s;{]+)", RegexOptions.Multiline);

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    public static TheoryData<string> Combinations => TemplateCombination.Names;

    public static TheoryData<string> AllCombinations => TemplateCombination.AllNames;

    [Theory]
    [MemberData(nameof(Combinations))]
    public void File_set_matches_the_baseline(string combination)
    {
        var site = fixture.Get(combination);
        var baselinePath = Path.Combine(RepositoryPaths.Baselines, combination + ".txt");
        var actual = site.Files;

        if (Environment.GetEnvironmentVariable(UpdateBaselinesVariable) == "1")
        {
            Directory.CreateDirectory(RepositoryPaths.Baselines);
            File.WriteAllText(baselinePath, string.Join('\n', actual) + "\n");
            output.WriteLine($"{UpdateBaselinesVariable}=1: wrote {actual.Count} paths to {baselinePath}");
            return;
        }

        Assert.True(
            File.Exists(baselinePath),
            $"No baseline {baselinePath}. Create it with {UpdateBaselinesVariable}=1 dotnet cake --target=Test, then review and commit it.");
        var expected = File.ReadAllLines(baselinePath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

        var added = actual.Except(expected, StringComparer.Ordinal).ToList();
        var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
        if (added.Count > 0 || missing.Count > 0)
        {
            var message = new StringBuilder($"The files generated for '{combination}' differ from {Path.GetRelativePath(RepositoryPaths.Root, baselinePath)}:\n");
            added.ForEach(f => message.AppendLine("  + " + f + "   (generated, not in the baseline)"));
            missing.ForEach(f => message.AppendLine("  - " + f + "   (in the baseline, not generated)"));
            message.AppendLine($"If the change is intended, regenerate the baselines with {UpdateBaselinesVariable}=1 dotnet cake --target=Test and review the diff.");
            Assert.Fail(message.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void No_template_marker_is_left(string combination)
    {
        var site = fixture.Get(combination);
        var problems = new List<string>();
        foreach (var file in site.TextFiles)
        {
            var text = site.ReadText(file);
            // A real `#if DEBUG ... #endif` (wrapped in //-:cnd:noEmit in the template) is legitimate C#.
            var endifAllowed = file.EndsWith(".cs", StringComparison.Ordinal) && RealCSharpIf.IsMatch(text);
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var marker = Markers.FirstOrDefault(m => line.Contains(m, StringComparison.Ordinal))
                    ?? (!endifAllowed && line.Contains("#endif", StringComparison.Ordinal) ? "#endif" : null);
                if (marker != null)
                {
                    problems.Add($"{file}:{i + 1}: '{marker}' in: {line.Trim()}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"Template markers left in the '{combination}' output:\n" + string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Source_name_is_replaced_everywhere(string combination)
    {
        var site = fixture.Get(combination);
        // Every form of the placeholder (Company.WebApplication1, Company_WebApplication1, company.webapplication1).
        string[] sourceNames = ["WebApplication1", "webapplication1"];
        var problems = new List<string>();
        problems.AddRange(site.Files
            .Where(f => sourceNames.Any(n => f.Contains(n, StringComparison.Ordinal)))
            .Select(f => $"path: {f}"));
        foreach (var file in site.TextFiles)
        {
            var lines = site.ReadText(file).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (sourceNames.Any(n => lines[i].Contains(n, StringComparison.Ordinal)))
                {
                    problems.Add($"{file}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(
            problems.Count == 0,
            $"The source name 'Company.WebApplication1' survived in the '{combination}' output (site name '{site.Combination.SiteName}'):\n" + string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Json_and_project_files_parse(string combination)
    {
        var site = fixture.Get(combination);
        var problems = new List<string>();
        var checkedFiles = 0;
        foreach (var file in site.Files)
        {
            try
            {
                if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                {
                    using var _ = JsonDocument.Parse(site.ReadText(file), JsonOptions);
                    checkedFiles++;
                }
                else if (file.EndsWith(".csproj", StringComparison.Ordinal) || file.EndsWith(".slnx", StringComparison.Ordinal)
                    || file.EndsWith(".props", StringComparison.Ordinal) || file.EndsWith(".targets", StringComparison.Ordinal))
                {
                    XDocument.Parse(site.ReadText(file));
                    checkedFiles++;
                }
            }
            catch (Exception ex) when (ex is JsonException or System.Xml.XmlException)
            {
                problems.Add($"{file}: {ex.Message}");
            }
        }

        Assert.True(problems.Count == 0, $"Generated files that do not parse ('{combination}'):\n" + string.Join('\n', problems));
        Assert.Contains(site.Files, f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.Ordinal) && f.EndsWith(".json", StringComparison.Ordinal));
        output.WriteLine($"{checkedFiles} JSON/XML files parsed.");
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Options_shape_the_output(string combination)
    {
        var site = fixture.Get(combination);
        var options = site.Combination;
        var name = options.SiteName;

        // The solution is named after the site, with the raw name in paths.
        var solution = $"{name}.slnx";
        Assert.Contains(solution, site.Files);
        Assert.Contains($"src/{name}/{name}.csproj", site.Files);
        Assert.Contains($"tests/{name}.Tests/{name}.Tests.csproj", site.Files);
        var slnx = site.ReadText(solution);

        // --e2e
        var endToEndFiles = site.Files.Where(f => f.Contains(".EndToEnd/", StringComparison.Ordinal)).ToList();
        if (options.EndToEnd)
        {
            Assert.Contains($"tests/{name}.EndToEnd/{name}.EndToEnd.csproj", site.Files);
            Assert.Contains($"tests/{name}.EndToEnd/{name}.EndToEnd.csproj", slnx, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(endToEndFiles.Count == 0, "--e2e false left end-to-end files:\n" + string.Join('\n', endToEndFiles));
            Assert.DoesNotContain("EndToEnd", slnx, StringComparison.Ordinal);
        }

        // --exclude-launch-settings / --no-https / random ports
        var launchSettings = site.Files.Where(f => f.EndsWith("launchSettings.json", StringComparison.Ordinal)).ToList();
        if (options.ExcludeLaunchSettings)
        {
            Assert.True(launchSettings.Count == 0, "--exclude-launch-settings left: " + string.Join(", ", launchSettings));
        }
        else
        {
            Assert.Equal(new[] { $"src/{name}/Properties/launchSettings.json" }, launchSettings);
            using var json = JsonDocument.Parse(site.ReadText(launchSettings[0]), JsonOptions);
            var profiles = json.RootElement.GetProperty("profiles").EnumerateObject().ToList();
            var strings = AllStrings(json.RootElement).ToList();
            var urls = profiles
                .Where(p => p.Value.TryGetProperty("applicationUrl", out _))
                .SelectMany(p => p.Value.GetProperty("applicationUrl").GetString()!.Split(';'))
                .ToList();
            Assert.NotEmpty(urls);
            if (options.NoHttps)
            {
                Assert.DoesNotContain(profiles, p => p.Name.Contains("https", StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(urls, u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase));
                Assert.DoesNotContain(strings, s => s.Contains("https://localhost", StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                Assert.Contains(profiles, p => p.Name == "https");
                Assert.Contains(urls, u => u.StartsWith("https://localhost:", StringComparison.Ordinal));
            }

            foreach (var url in urls)
            {
                var uri = new Uri(url);
                var (low, high) = uri.Scheme == "https" ? (7000, 7300) : (5000, 5300);
                Assert.True(uri.Port >= low && uri.Port <= high, $"{url}: the port generator should pick a port in {low}-{high}.");
            }
        }

        // --github / --google / --oidc add their block to Auth:Providers in appsettings.json; --session picks the strategy.
        using (var appSettings = JsonDocument.Parse(site.ReadText($"src/{name}/appsettings.json"), JsonOptions))
        {
            var providers = appSettings.RootElement.GetProperty("Auth").GetProperty("Providers");
            foreach (var (provider, wanted) in new[] { ("GitHub", options.GitHub), ("Google", options.Google), ("Oidc", options.Oidc) })
            {
                Assert.True(
                    providers.TryGetProperty(provider, out _) == wanted,
                    $"appsettings.json Auth:Providers should {(wanted ? "" : "not ")}have a '{provider}' block for '{combination}'.");
            }

            // --session sets Auth:Session:Strategy.
            Assert.Equal(options.Session, appSettings.RootElement.GetProperty("Auth").GetProperty("Session").GetProperty("Strategy").GetString());
        }

        // --no-restore skips the restore post action; without it the solution is restored on create.
        Assert.True(
            site.RestoredOnCreate != options.NoRestore,
            options.NoRestore
                ? "--no-restore was given, yet `dotnet new` restored the solution (obj/project.assets.json exists)."
                : "Without --no-restore the restore post action should have restored the solution (no obj/project.assets.json).");
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Engine_option_picks_the_package_or_the_source(string combination)
    {
        var site = fixture.Get(combination);
        var name = site.Combination.SiteName;
        var project = XDocument.Parse(site.ReadText($"src/{name}/{name}.csproj"));
        var packageReference = project.Descendants("PackageReference").SingleOrDefault(e => (string?)e.Attribute("Include") == EnginePackage.PackageId);
        var projectReferences = project.Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).ToList();
        var slnx = site.ReadText($"{name}.slnx");
        var engineFiles = site.Files.Where(f => f.StartsWith(EnginePackage.ProjectFolder + "/", StringComparison.Ordinal)).ToList();
        // The engine's own tests run once, in this repository, in either mode.
        Assert.DoesNotContain(site.Files, f => f.StartsWith(EnginePackage.TestsFolder + "/", StringComparison.Ordinal));
        Assert.DoesNotContain(EnginePackage.TestsFolder, slnx, StringComparison.Ordinal);
        Assert.DoesNotContain(project.Descendants(), e => e.Attribute("Condition") is { } condition && condition.Value.Contains("EnginePackage", StringComparison.Ordinal));

        if (site.Combination.EnginePackage)
        {
            // The package, at the engine's version, restored from the local feed that nuget.config maps to that id only.
            Assert.NotNull(packageReference);
            Assert.Equal(EnginePackage.Version, (string?)packageReference.Attribute("Version"));
            Assert.Empty(projectReferences);
            Assert.True(engineFiles.Count == 0, "--engine package left the engine's source:\n" + string.Join('\n', engineFiles));
            Assert.DoesNotContain(EnginePackage.PackageId, slnx, StringComparison.Ordinal);
            var engineCode = site.TextFiles.Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
                .Where(f => NamespaceDeclaration.Matches(site.ReadText(f)).Any(m => m.Groups["name"].Value.StartsWith(EnginePackage.PackageId, StringComparison.Ordinal)))
                .ToList();
            Assert.True(engineCode.Count == 0, "--engine package left code in the engine's namespace:\n" + string.Join('\n', engineCode));

            // The template engine would evaluate the targets' MSBuild conditions at generation time: it is copied as it is.
            Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.TemplateContent, "Directory.Build.targets")), site.ReadText("Directory.Build.targets"));
            Assert.Contains(EnginePackage.FeedFile, site.Files);
            Assert.Equal(
                File.ReadAllBytes(Path.Combine(RepositoryPaths.TemplateContent, EnginePackage.FeedFile)),
                File.ReadAllBytes(site.FullPath(EnginePackage.FeedFile)));
            var nugetConfig = XDocument.Parse(site.ReadText("nuget.config"));
            var sources = nugetConfig.Descendants("packageSources").Elements("add").ToDictionary(e => (string)e.Attribute("key")!, e => (string)e.Attribute("value")!);
            var mapping = nugetConfig.Descendants("packageSourceMapping").Elements("packageSource")
                .ToDictionary(e => (string)e.Attribute("key")!, e => e.Elements("package").Select(p => (string)p.Attribute("pattern")!).ToList());
            var localKey = Assert.Single(sources, s => s.Value == EnginePackage.FeedFolder).Key;
            Assert.Equal([EnginePackage.PackageId], mapping[localKey]);
            Assert.Equal("https://api.nuget.org/v3/index.json", sources["nuget.org"]);
            Assert.Equal(["*"], mapping["nuget.org"]);
        }
        else
        {
            // The engine's project in the solution, referenced as a project; no local feed.
            Assert.Null(packageReference);
            Assert.Equal([$"../{EnginePackage.PackageId}/{EnginePackage.PackageId}.csproj"], projectReferences);
            Assert.Contains($"{EnginePackage.ProjectFolder}/{EnginePackage.PackageId}.csproj", site.Files);
            Assert.Contains($"{EnginePackage.ProjectFolder}/{EnginePackage.PackageId}.csproj", slnx, StringComparison.Ordinal);
            Assert.DoesNotContain(site.Files, f => f == "nuget.config" || f == "Directory.Build.targets" || f.StartsWith(EnginePackage.FeedFolder + "/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_package_mode_site_without_its_engine_nupkg_fails_restore_with_the_fix()
    {
        // A template installed from the repository folder without a Pack generates a site whose packages/ lacks the
        // engine: its restore names the way out instead of NuGet's "no source holds the package".
        var site = fixture.Get(TemplateCombination.All.First(c => c.EnginePackage && c.NoRestore).Name);
        using var copy = new TempDirectory("authsite-no-engine-");
        foreach (var file in site.Files.Where(f => !f.StartsWith(EnginePackage.FeedFolder + "/", StringComparison.Ordinal)))
        {
            var target = Path.Combine(copy.Path, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(site.FullPath(file), target);
        }

        var restore = CommandRunner.Run(
            "dotnet",
            ["restore", $"src/{site.Combination.SiteName}", "-nologo"],
            copy.Path,
            TimeSpan.FromMinutes(5),
            Path.Combine(fixture.LogDirectory, "no-engine.restore.log"));
        output.WriteLine(restore.Tail(10));
        Assert.False(restore.Succeeded, "The restore of a package-mode site without packages/ succeeded.\n" + restore.Describe());
        Assert.Contains("error AUTHSITE001", restore.Output, StringComparison.Ordinal);
        Assert.Contains($"{EnginePackage.FeedFolder}/{EnginePackage.PackageId}.{EnginePackage.Version}.nupkg is missing", restore.Output, StringComparison.Ordinal);
        Assert.Contains("dotnet cake --target=Pack", restore.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Readme_names_only_files_that_exist(string combination)
    {
        // The solution, projects, folders and files the README sends users to, spelled as they are on disk
        // (build output under bin/ does not exist yet, and globs are checked up to their folder).
        var site = fixture.Get(combination);
        var readme = site.ReadText("README.md");

        var paths = ReadmePath.Matches(readme).Select(m => m.Value).Where(p => !p.Contains("/bin/", StringComparison.Ordinal)).Distinct().ToList();

        Assert.Contains(paths, p => p.EndsWith(".slnx", StringComparison.Ordinal));
        var missing = paths.Where(p => !site.Files.Contains(p) && !site.Files.Any(f => f.StartsWith(p + "/", StringComparison.Ordinal))).ToList();
        Assert.True(missing.Count == 0, "README.md names paths that the generated site does not have: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Code_names_are_the_safe_forms_of_the_site_name(string combination)
    {
        // Paths keep the typed name; namespaces and assembly names take the forms C#, Razor and the runtime accept.
        var site = fixture.Get(combination);
        var options = site.Combination;
        var name = options.SiteName;

        var project = XDocument.Parse(site.ReadText($"src/{name}/{name}.csproj"));
        Assert.Equal(options.Namespace, PropertyOf(project, "RootNamespace"));
        Assert.Equal(options.SiteAssemblyName, PropertyOf(project, "AssemblyName") ?? name);
        foreach (var suffix in new[] { ".Tests", ".EndToEnd" })
        {
            var testProject = $"tests/{name}{suffix}/{name}{suffix}.csproj";
            if (site.Files.Contains(testProject))
            {
                // The site grants its internals to $(AssemblyName).Tests: the test assembly must carry that name.
                Assert.Equal(options.SiteAssemblyName + suffix, PropertyOf(XDocument.Parse(site.ReadText(testProject)), "AssemblyName") ?? name + suffix);
            }
        }

        var outside = new List<string>();
        // The engine's own code (--engine source) keeps its package's namespaces.
        var siteCode = site.TextFiles
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.StartsWith(EnginePackage.ProjectFolder + "/", StringComparison.Ordinal));
        foreach (var file in siteCode)
        {
            foreach (Match declaration in NamespaceDeclaration.Matches(site.ReadText(file)))
            {
                var declared = declaration.Groups["name"].Value;
                if (declared != options.Namespace && !declared.StartsWith(options.Namespace + ".", StringComparison.Ordinal))
                {
                    outside.Add($"{file}: {declaration.Value.Trim()}");
                }
            }
        }

        Assert.True(outside.Count == 0, $"Namespaces outside '{options.Namespace}' for the site name '{name}':\n" + string.Join('\n', outside));
        var viewImports = site.ReadText($"src/{name}/Pages/_ViewImports.cshtml");
        Assert.Contains($"@namespace {options.Namespace}.Pages\n", viewImports, StringComparison.Ordinal);
        Assert.Contains($"@using global::{options.Namespace}\n", viewImports, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_site_gets_its_own_development_secret()
    {
        using var template = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.TemplateConfig, "template.json")), JsonOptions);
        var placeholders = template.RootElement.GetProperty("symbols").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("generator", out var g) && g.GetString() == "guid"
                && s.Value.TryGetProperty("replaces", out _)
                && s.Name.Contains("Secret", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(s => s.Name, s => s.Value.GetProperty("replaces").GetString()!);
        Assert.True(placeholders.Count > 0, "template.json has no guid-generated *Secret* symbol with `replaces`: the development secret would not differ per site.");
        var allGuidPlaceholders = template.RootElement.GetProperty("symbols").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("generator", out var g) && g.GetString() == "guid" && s.Value.TryGetProperty("replaces", out _))
            .Select(s => s.Value.GetProperty("replaces").GetString()!)
            .ToList();

        var sites = TemplateCombination.All.Select(c => fixture.Get(c.Name)).ToList();
        var templateFiles = GeneratedSite.ListFiles(RepositoryPaths.TemplateContent);
        foreach (var (symbol, placeholder) in placeholders)
        {
            var occurrences = templateFiles
                .Select(f => (File: f, Lines: File.ReadAllLines(Path.Combine(RepositoryPaths.TemplateContent, f))))
                .SelectMany(x => x.Lines.Where(l => l.Contains(placeholder, StringComparison.Ordinal)).Select(l => (x.File, Line: l)))
                .ToList();
            Assert.True(
                occurrences.Count > 0,
                $"No file under templates/AuthSite contains the {symbol} placeholder '{placeholder}' from template.json, so no generated site gets its own development secret.");

            foreach (var (file, line) in occurrences)
            {
                var pattern = BuildLinePattern(line, placeholder, allGuidPlaceholders);
                var values = new List<string>();
                foreach (var site in sites)
                {
                    var generatedPath = file.Replace("Company.WebApplication1", site.Combination.SiteName, StringComparison.Ordinal);
                    if (!site.Files.Contains(generatedPath))
                    {
                        continue;
                    }

                    var text = site.ReadText(generatedPath);
                    Assert.DoesNotContain(placeholder, text, StringComparison.Ordinal);
                    var match = pattern.Match(text);
                    Assert.True(match.Success, $"{site.Combination.Name}: could not find the line '{line.Trim()}' of {file} in {generatedPath} (pattern {pattern}).");
                    values.Add(match.Groups["value"].Value);
                    output.WriteLine($"{site.Combination.Name}: {generatedPath}: {symbol} = {match.Groups["value"].Value}");
                }

                Assert.True(values.Count >= 2, $"{file} ({symbol}) exists in fewer than two generated sites: nothing to compare.");
                Assert.True(
                    values.Distinct(StringComparer.OrdinalIgnoreCase).Count() == values.Count,
                    $"{symbol} in {file} is the same in two generated sites: " + string.Join(", ", values));
            }
        }
    }

    // A regex for the generated form of a template line: the placeholder becomes the captured value,
    // the other generated guids any guid, the source name any name, the literal ports any number.
    private static Regex BuildLinePattern(string templateLine, string placeholder, IEnumerable<string> otherGuids)
    {
        var pattern = Regex.Escape(templateLine.Trim());
        pattern = pattern.Replace(placeholder, "(?<value>[0-9a-fA-F]{32})", StringComparison.Ordinal);
        foreach (var other in otherGuids.Where(g => g != placeholder))
        {
            pattern = pattern.Replace(other, "[0-9a-fA-F]{32}", StringComparison.Ordinal);
        }

        pattern = pattern
            .Replace(Regex.Escape("Company.WebApplication1"), ".+?", StringComparison.Ordinal)
            .Replace("5080", @"\d+", StringComparison.Ordinal)
            .Replace("7080", @"\d+", StringComparison.Ordinal);
        return new Regex(pattern);
    }

    private static string? PropertyOf(XDocument project, string property) =>
        project.Descendants(property).Select(e => e.Value.Trim()).LastOrDefault();

    private static IEnumerable<string> AllStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property.Name;
                    foreach (var s in AllStrings(property.Value))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var s in AllStrings(item))
                    {
                        yield return s;
                    }
                }

                break;
        }
    }
}
