using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using AuthTemplate.Tests.Infrastructure;

namespace AuthTemplate.Tests;

/// <summary>Fast checks of the template configuration and of the packed nupkg (no `dotnet new`).</summary>
public sealed class TemplatePackageTests(ITestOutputHelper output)
{
    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    [Fact]
    public void Template_config_files_are_valid_json_with_the_expected_settings()
    {
        var files = Directory.GetFiles(RepositoryPaths.TemplateConfig, "*.json");
        Assert.Contains(files, f => Path.GetFileName(f) == "template.json");
        foreach (var file in files)
        {
            try
            {
                using var _ = JsonDocument.Parse(File.ReadAllText(file), JsonOptions);
            }
            catch (JsonException ex)
            {
                Assert.Fail($".template.config/{Path.GetFileName(file)} is not valid JSON: {ex.Message}");
            }
        }

        using var template = ReadJson("template.json");
        var root = template.RootElement;
        Assert.Equal("authsite", root.GetProperty("shortName").GetString());
        Assert.Equal("Company.WebApplication1", root.GetProperty("sourceName").GetString());
        Assert.True(root.GetProperty("preferNameDirectory").GetBoolean());
        Assert.Equal("./templates/AuthSite/", root.GetProperty("sources")[0].GetProperty("source").GetString());
        var symbols = root.GetProperty("symbols");
        foreach (var symbol in new[] { "Framework", "Engine", "NoHttps", "ExcludeLaunchSettings", "EndToEnd", "skipRestore" })
        {
            Assert.True(symbols.TryGetProperty(symbol, out _), $"template.json has no symbol '{symbol}'.");
        }

        Assert.Contains(
            root.GetProperty("postActions").EnumerateArray(),
            a => a.GetProperty("actionId").GetString()!.Equals("210D431B-A78B-4D2F-B762-4ED3E3EA9025", StringComparison.OrdinalIgnoreCase));
        foreach (var primary in root.GetProperty("primaryOutputs").EnumerateArray())
        {
            var path = primary.GetProperty("path").GetString()!;
            Assert.True(File.Exists(Path.Combine(RepositoryPaths.TemplateContent, path)), $"primaryOutputs names {path}, which is not in templates/AuthSite/.");
        }
    }

    [Fact]
    public void Host_files_refer_only_to_symbols_of_template_json()
    {
        using var template = ReadJson("template.json");
        var symbols = template.RootElement.GetProperty("symbols").EnumerateObject().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        using var cli = ReadJson("dotnetcli.host.json");
        foreach (var entry in cli.RootElement.GetProperty("symbolInfo").EnumerateObject())
        {
            Assert.True(symbols.Contains(entry.Name), $"dotnetcli.host.json describes '{entry.Name}', which template.json does not define.");
        }

        using var ide = ReadJson("ide.host.json");
        foreach (var entry in ide.RootElement.GetProperty("symbolInfo").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString()!;
            Assert.True(symbols.Contains(id), $"ide.host.json describes '{id}', which template.json does not define.");
        }
    }

    [Fact]
    public void Package_holds_only_the_template_config_and_content()
    {
        var package = TemplatePackage.Find();
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => Uri.UnescapeDataString(e.FullName)).ToList();
        output.WriteLine($"{Path.GetFileName(package)}: {entries.Count} entries");

        // NuGet's own metadata at the root, the package readme, and content/ — nothing else.
        string[] metadataPrefixes = ["_rels/", "package/services/metadata/"];
        var unexpected = entries.Where(e =>
                !e.StartsWith("content/.template.config/", StringComparison.Ordinal)
                && !e.StartsWith("content/templates/", StringComparison.Ordinal)
                && !metadataPrefixes.Any(p => e.StartsWith(p, StringComparison.Ordinal))
                && e != "[Content_Types].xml"
                && e != TemplatePackage.PackageId + ".nuspec"
                && e != "README.md")
            .ToList();
        var buildOutput = entries.Where(e => e.Split('/').Any(s => s is "bin" or "obj" or "TestResults")
                || e.EndsWith(".db", StringComparison.Ordinal) || e.EndsWith(".user", StringComparison.Ordinal))
            .ToList();
        Assert.True(unexpected.Count == 0, "The package holds more than .template.config/ and templates/:\n" + string.Join('\n', unexpected));
        Assert.True(buildOutput.Count == 0, "The package holds build output or local state:\n" + string.Join('\n', buildOutput.Take(50)));
        Assert.Contains("content/.template.config/template.json", entries);
        Assert.Contains("content/templates/AuthSite/Company.WebApplication1.slnx", entries);
        Assert.Contains($"content/templates/AuthSite/{EnginePackage.FeedFile}", entries);

        var nuspec = XDocument.Parse(new StreamReader(zip.GetEntry(TemplatePackage.PackageId + ".nuspec")!.Open()).ReadToEnd());
        Assert.Contains(nuspec.Descendants().Where(e => e.Name.LocalName == "packageType"), e => (string?)e.Attribute("name") == "Template");
    }

    [Fact]
    public void Package_holds_every_template_file()
    {
        var package = TemplatePackage.Find();
        var packedAt = File.GetLastWriteTimeUtc(package);
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => Uri.UnescapeDataString(e.FullName)).ToHashSet(StringComparer.Ordinal);
        var notPacked = GeneratedSite.ListFiles(RepositoryPaths.TemplateConfig).Select(f => (Disk: Path.Combine(RepositoryPaths.TemplateConfig, f), Entry: "content/.template.config/" + f))
            .Concat(GeneratedSite.ListFiles(RepositoryPaths.TemplateContent).Select(f => (Disk: Path.Combine(RepositoryPaths.TemplateContent, f), Entry: "content/templates/AuthSite/" + f)))
            .Where(f => !f.Entry.EndsWith(".db", StringComparison.Ordinal) && !f.Entry.Contains(".db-", StringComparison.Ordinal) && !f.Entry.EndsWith(".user", StringComparison.Ordinal))
            .Where(f => !entries.Contains(f.Entry))
            .ToList();

        // A file written after the package was packed is not the package's fault.
        var newer = notPacked.Where(f => File.GetLastWriteTimeUtc(f.Disk) > packedAt).Select(f => f.Entry).ToList();
        newer.ForEach(f => output.WriteLine($"written after packing, ignored: {f}"));
        var missing = notPacked.Select(f => f.Entry).Except(newer).ToList();
        Assert.True(
            missing.Count == 0,
            $"Files of .template.config/ or templates/ missing from {Path.GetFileName(package)} (repack with `dotnet cake --target=Pack`, or fix AuthTemplate.csproj):\n"
            + string.Join('\n', missing));
    }

    [Fact]
    public void Template_engine_and_site_reference_share_one_version()
    {
        // One version for both packages: the template package, the engine it carries, and the engine version that a
        // package-mode site references.
        var templateVersion = EnginePackage.ProjectVersion(Path.Combine(RepositoryPaths.Root, "AuthTemplate.csproj"));
        var siteProject = XDocument.Load(Path.Combine(RepositoryPaths.TemplateContent, "src/Company.WebApplication1/Company.WebApplication1.csproj"));
        var reference = siteProject.Descendants("PackageReference").SingleOrDefault(e => (string?)e.Attribute("Include") == EnginePackage.PackageId);
        Assert.NotNull(reference);
        Assert.Equal(EnginePackage.Version, templateVersion);
        Assert.Equal(EnginePackage.Version, (string?)reference.Attribute("Version"));

        var package = TemplatePackage.Find();
        Assert.Equal($"{TemplatePackage.PackageId}.{templateVersion}.nupkg", Path.GetFileName(package));
        using var zip = ZipFile.OpenRead(package);
        var carried = zip.Entries.Select(e => Uri.UnescapeDataString(e.FullName))
            .Where(e => e.StartsWith($"content/templates/AuthSite/{EnginePackage.FeedFolder}/", StringComparison.Ordinal))
            .ToList();
        Assert.Equal([$"content/templates/AuthSite/{EnginePackage.FeedFile}"], carried);
    }

    private static JsonDocument ReadJson(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.TemplateConfig, name)), JsonOptions);
}
