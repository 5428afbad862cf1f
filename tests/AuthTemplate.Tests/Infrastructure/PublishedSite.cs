namespace AuthTemplate.Tests.Infrastructure;

/// <summary>A generated site published with its README's <c>dotnet publish</c> command.</summary>
/// <param name="Site">The generated site it was published from.</param>
/// <param name="Readme">The site's README's deploy commands.</param>
/// <param name="Directory">The publish folder (the command's <c>-o</c>), under the template tests' scratch folder.</param>
/// <param name="Dll">The dll the README's systemd unit starts, in <paramref name="Directory"/>.</param>
internal sealed record PublishedSite(GeneratedSite Site, DeployReadme Readme, string Directory, string Dll);
