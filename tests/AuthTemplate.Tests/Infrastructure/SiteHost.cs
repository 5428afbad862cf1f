using System.Text.RegularExpressions;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>Reads a started site's host lines (ASP.NET Core's <c>Microsoft.Hosting.Lifetime</c> log) from its output.</summary>
internal static partial class SiteHost
{
    /// <summary>
    /// Waits for the host's start-up lines; returns the address Kestrel listens on and the content root it reports.
    /// Throws, with the site's output, when the site exits first or <paramref name="timeout"/> passes.
    /// </summary>
    public static (Uri Url, string ContentRoot) WaitUntilStarted(ServerProcess server, TimeSpan timeout)
    {
        var contentRoot = server.WaitForOutput(ContentRootLine(), timeout).Groups["path"].Value.Trim();
        var listening = ListeningLine().Match(server.Output);
        Assert.True(listening.Success, "The site did not say where it listens.\n" + server.Describe());
        return (new Uri(listening.Groups["url"].Value), contentRoot);
    }

    [GeneratedRegex(@"Content root path: (?<path>[^\r\n]+)")]
    private static partial Regex ContentRootLine();

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}
