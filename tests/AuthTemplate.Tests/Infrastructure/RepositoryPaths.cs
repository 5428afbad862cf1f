namespace AuthTemplate.Tests.Infrastructure;

/// <summary>Well-known folders of the repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    /// <summary>The repository root: the folder that holds AuthTemplate.csproj.</summary>
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>Where the Pack target writes AuthSite.Templates.*.nupkg.</summary>
    public static string Packages => Path.Combine(Artifacts, "packages");

    /// <summary>Scratch space of the template tests (hive, generated sites, logs); git-ignored.</summary>
    public static string Scratch => Path.Combine(Artifacts, "template-tests");

    /// <summary>TRX files of the generated solutions' test runs, one folder per combination.</summary>
    public static string GeneratedTestResults => Path.Combine(Artifacts, "test-results", "generated");

    /// <summary>Checked-in file-set baselines (read from the source tree, not the build output).</summary>
    public static string Baselines => Path.Combine(Root, "tests", "AuthTemplate.Tests", "Baselines");

    public static string TemplateConfig => Path.Combine(Root, ".template.config");

    public static string TemplateContent => Path.Combine(Root, "templates", "AuthSite");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AuthTemplate.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root (a folder holding AuthTemplate.csproj) above {AppContext.BaseDirectory}.");
    }
}
