namespace AuthSite.AspNetCore;

/// <summary>
/// Names the browser and system of a <c>User-Agent</c> in two words for the session list, e.g. <c>Firefox on Linux</c>.
/// Hand-written because the list needs a label, not a parse: a full parser (UAParser) carries hundreds of regular expressions.
/// </summary>
internal static class UserAgentSummary
{
    // Order matters: Edge and Opera also say Chrome, Chrome (and every iOS browser) also says Safari, Android also says Linux.
    private static readonly (string Token, string Name)[] Browsers =
        [
            ("Edg/", "Edge"), ("EdgiOS/", "Edge"), ("EdgA/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
            ("Chromium/", "Chromium"), ("Chrome/", "Chrome"), ("CriOS/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"),
        ];

    private static readonly (string Token, string Name)[] Systems =
        [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux")];

    /// <summary>A label such as <c>Chrome on Windows</c>, <c>Firefox</c> or <c>Other</c>; <see langword="null"/> without a user agent.</summary>
    public static string? Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        var browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name;
        var system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name;
        return (browser, system) switch
        {
            (null, null) => "Other",
            (null, _) => system,
            (_, null) => browser,
            _ => $"{browser} on {system}",
        };
    }
}
