using System.Security.Cryptography;
using System.Xml.Linq;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>
/// The engine package (AuthSite.AspNetCore) that a package-mode site references: its version, read from the engine's
/// project file, and where a generated site keeps it (the local feed packages/, mapped by nuget.config).
/// </summary>
internal static class EnginePackage
{
    public const string PackageId = "AuthSite.AspNetCore";

    /// <summary>The local feed folder at a generated solution's root (and in the template content, filled by Pack).</summary>
    public const string FeedFolder = "packages";

    /// <summary>The engine project's folder, relative to the template content and to a source-mode site.</summary>
    public const string ProjectFolder = "src/" + PackageId;

    /// <summary>The engine's tests, relative to the template content; no generated site holds them.</summary>
    public const string TestsFolder = "tests/" + PackageId + ".Tests";

    /// <summary>The &lt;Version&gt; of templates/AuthSite/src/AuthSite.AspNetCore/AuthSite.AspNetCore.csproj.</summary>
    public static string Version { get; } = ProjectVersion(Path.Combine(RepositoryPaths.TemplateContent, ProjectFolder, PackageId + ".csproj"));

    /// <summary>The nupkg's path relative to a generated solution's root.</summary>
    public static string FeedFile => $"{FeedFolder}/{PackageId}.{Version}.nupkg";

    /// <summary>The &lt;Version&gt; of a project file (the last one, as MSBuild would take it).</summary>
    public static string ProjectVersion(string projectFile) =>
        XDocument.Load(projectFile).Descendants("Version").Select(e => e.Value.Trim()).LastOrDefault()
        ?? throw new InvalidOperationException($"{projectFile} has no <Version>.");

    /// <summary>A file's SHA-512 in base64, as NuGet records a package in project.assets.json.</summary>
    public static string Sha512(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToBase64String(SHA512.HashData(stream));
    }
}
