namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// Publishes one generated site once per test class (lazily, on first use; a failure is remembered, not retried), in
/// Release, into <c>artifacts/template-tests/publish/&lt;combination&gt;</c> (so test classes that publish different
/// combinations do not share a folder).
/// </summary>
public sealed class PublishedSiteFixture
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    private readonly object _gate = new();
    private Lazy<PublishedSite>? _published;

    internal PublishedSite Get(TemplateFixture templates, string combination)
    {
        lock (_gate)
        {
            _published ??= new Lazy<PublishedSite>(() => Publish(templates, combination), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        return _published.Value;
    }

    private static PublishedSite Publish(TemplateFixture templates, string combination)
    {
        var site = templates.Get(combination);
        var readme = new DeployReadme(MarkdownDocument.Load(site.FullPath("README.md")));
        var output = Path.Combine(RepositoryPaths.Scratch, "publish", combination);
        TemplateFixture.DeleteDirectory(output);

        var arguments = readme.PublishArguments(output);
        templates.Report($"{combination}: dotnet {string.Join(' ', arguments)}");
        var result = CommandRunner.Run("dotnet", arguments, site.Directory, PublishTimeout, Path.Combine(templates.LogDirectory, $"{combination}.publish.log"));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The README's publish command fails for '{combination}'.\n" + result.Describe());
        }

        var dll = Path.Combine(output, readme.PublishedDll);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"The README's systemd unit starts {readme.PublishedDll}, which the publish command did not write to {output}.\n" + result.Describe());
        }

        templates.Report($"{combination}: published in {result.Duration.TotalSeconds:0}s");
        return new PublishedSite(site, readme, output, dll);
    }
}
