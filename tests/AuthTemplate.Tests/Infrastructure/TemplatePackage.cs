namespace AuthTemplate.Tests.Infrastructure;

/// <summary>Finds the packed template (AuthSite.Templates.*.nupkg) that the Cake Test target writes.</summary>
internal static class TemplatePackage
{
    public const string PackageId = "AuthSite.Templates";

    public static string Find()
    {
        var packages = Directory.Exists(RepositoryPaths.Packages)
            ? Directory.GetFiles(RepositoryPaths.Packages, PackageId + ".*.nupkg")
            : [];
        if (packages.Length == 0)
        {
            throw new InvalidOperationException(
                $"No {PackageId}.*.nupkg in {RepositoryPaths.Packages}. The template tests instantiate the packed template: " +
                "run `dotnet tool restore && dotnet cake --target=Test` (it builds and packs before running these tests).");
        }

        return packages.OrderByDescending(File.GetLastWriteTimeUtc).First();
    }
}
