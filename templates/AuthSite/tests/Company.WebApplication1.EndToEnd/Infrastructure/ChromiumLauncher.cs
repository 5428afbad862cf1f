using Microsoft.Playwright;

namespace Company.WebApplication1.EndToEnd.Infrastructure;

/// <summary>
/// Finds and launches a Chromium, in this order: the executable named by <c>AUTHSITE_BROWSER</c>;
/// Playwright's own browser (<c>playwright.ps1 install chromium</c>); a system Chromium
/// (<c>/usr/bin/chromium</c>, <c>/usr/bin/chromium-browser</c>, <c>/usr/bin/google-chrome</c>, then
/// those names on <c>PATH</c>). The choice is remembered for the rest of the test run.
/// </summary>
public static class ChromiumLauncher
{
    /// <summary>The environment variable that names a Chromium executable.</summary>
    public const string BrowserVariable = "AUTHSITE_BROWSER";

    /// <summary>The message of every test when no Chromium can be launched.</summary>
    public const string NotFoundMessage =
        "No Chromium found for the end-to-end tests. Install one with `pwsh bin/Debug/net10.0/playwright.ps1 install chromium`, "
        + "or your OS package (Debian/Ubuntu: `sudo apt-get install chromium`), or set AUTHSITE_BROWSER to a Chromium executable.";

    private static readonly string[] SystemPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private static readonly string[] SystemNames = ["chromium", "chromium-browser", "google-chrome"];

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Choice? _choice;

    /// <summary>Launches the Chromium found for this test run, searching on the first call.</summary>
    public static async Task<(IBrowser Browser, string Description)> LaunchAsync(IPlaywright playwright)
    {
        await Gate.WaitAsync();
        try
        {
            if (_choice is { } known)
            {
                return known.Failure is not null
                    ? throw new ChromiumNotFoundException(known.Failure)
                    : (await playwright.Chromium.LaunchAsync(Options(known.ExecutablePath)), known.Description);
            }

            try
            {
                var (browser, choice) = await SearchAsync(playwright);
                _choice = choice;
                return (browser, choice.Description);
            }
            catch (ChromiumNotFoundException e)
            {
                _choice = new Choice(null, "", e.Message);
                throw;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<(IBrowser, Choice)> SearchAsync(IPlaywright playwright)
    {
        var tried = new List<string>();

        if (Environment.GetEnvironmentVariable(BrowserVariable) is { Length: > 0 } configured)
        {
            // An explicit choice is never silently replaced by another browser.
            if (!File.Exists(configured))
            {
                throw new ChromiumNotFoundException($"{NotFoundMessage}{Environment.NewLine}{BrowserVariable} is set to '{configured}', but there is no file there.");
            }

            return await TryLaunchAsync(playwright, configured, $"{configured} (from {BrowserVariable})", tried)
                ?? throw new ChromiumNotFoundException($"{NotFoundMessage}{Environment.NewLine}{BrowserVariable} is set to '{configured}', which could not be launched:{Environment.NewLine}{string.Join(Environment.NewLine, tried)}");
        }

        if (await TryLaunchAsync(playwright, null, "Playwright's own Chromium", tried) is { } installed)
        {
            return installed;
        }

        foreach (var candidate in SystemCandidates())
        {
            if (await TryLaunchAsync(playwright, candidate, $"{candidate} (system Chromium)", tried) is { } system)
            {
                return system;
            }
        }

        throw new ChromiumNotFoundException(tried.Count == 0
            ? NotFoundMessage
            : $"{NotFoundMessage}{Environment.NewLine}Found but could not launch:{Environment.NewLine}{string.Join(Environment.NewLine, tried)}");
    }

    /// <summary>Launches one candidate; <see langword="null"/> (and a line in <paramref name="tried"/> when it exists but fails) otherwise.</summary>
    private static async Task<(IBrowser, Choice)?> TryLaunchAsync(IPlaywright playwright, string? executablePath, string description, List<string> tried)
    {
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(Options(executablePath));
            return (browser, new Choice(executablePath, $"{description}, version {browser.Version}", null));
        }
        catch (PlaywrightException e) when (executablePath is null && e.Message.Contains("Executable doesn't exist", StringComparison.Ordinal))
        {
            return null; // Playwright's browser is not installed: the usual case without internet.
        }
        catch (PlaywrightException e)
        {
            tried.Add($"- {description}: {Excerpt(e.Message)}");
            return null;
        }
    }

    /// <summary>The well-known paths, then the same names on PATH; existing files only, each once.</summary>
    private static IEnumerable<string> SystemCandidates()
    {
        var names = OperatingSystem.IsWindows() ? SystemNames.Select(name => name + ".exe") : SystemNames;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, name)));
        return SystemPaths.Concat(onPath).Where(File.Exists).Distinct(StringComparer.Ordinal);
    }

    private static BrowserTypeLaunchOptions Options(string? executablePath)
    {
        // The tests run on closed networks (CI): no background downloads, updates, sync or first-run UI.
        List<string> args = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"];

        // Chromium's sandbox refuses to run as root. Playwright already passes --no-sandbox while
        // ChromiumSandbox is off (its default); this keeps root working should that default change.
        if (OperatingSystem.IsLinux() && Environment.UserName == "root")
        {
            args.Add("--no-sandbox");
        }

        return new BrowserTypeLaunchOptions
        {
            Headless = true,
            ExecutablePath = executablePath,
            Args = args,
            Timeout = 60_000,
        };
    }

    /// <summary>The start of Playwright's error (its first line, then the browser's log), indented under the candidate.</summary>
    private static string Excerpt(string message) =>
        string.Join(Environment.NewLine + "    ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Take(12));

    private sealed record Choice(string? ExecutablePath, string Description, string? Failure);
}
