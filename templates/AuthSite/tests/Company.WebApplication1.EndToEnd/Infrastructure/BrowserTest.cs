using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd.Infrastructure;

/// <summary>
/// Base of the end-to-end tests. <see cref="RunAsync"/> gives each test a fresh browser context and page on the
/// site, writes the page's console errors to the test output and, when the test fails, keeps a screenshot and a
/// Playwright trace in <c>playwright-artifacts/</c> of the test output folder (open the trace with
/// <c>pwsh bin/Debug/net10.0/playwright.ps1 show-trace &lt;file&gt;</c> or at https://trace.playwright.dev).
/// Test classes add <c>[Collection(SiteCollection.Name)]</c> to share the site.
/// </summary>
public abstract class BrowserTest(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    /// <summary>The demo accounts seeded in Development.</summary>
    protected const string DemoUser = "user@example.com";
    protected const string DemoAdmin = "admin@example.com";
    protected const string DemoPassword = "Password1!";

    static BrowserTest() => SetDefaultExpectTimeout(10_000);

    /// <summary>The site under test.</summary>
    protected SiteServer Site { get; } = site;

    /// <summary>The test output.</summary>
    protected ITestOutputHelper Output { get; } = output;

    /// <summary>Where failure screenshots and traces go.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "playwright-artifacts");

    /// <summary>
    /// Runs <paramref name="test"/> with a new page (relative URLs resolve against the site). On failure the
    /// screenshot and trace are saved and their paths written to the output, then the failure is rethrown.
    /// </summary>
    protected async Task RunAsync(Func<IPage, Task> test, BrowserNewContextOptions? options = null, [CallerMemberName] string testName = "")
    {
        var name = $"{GetType().Name}.{testName}";
        options ??= new BrowserNewContextOptions();
        options.BaseURL = Site.RootUri.ToString();

        await using var context = await browser.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        await context.Tracing.StartAsync(new TracingStartOptions { Title = name, Screenshots = true, Snapshots = true });

        var page = await context.NewPageAsync();
        Log($"Browser: {browser.Description}");
        page.Console += (_, message) =>
        {
            if (message.Type is "error")
            {
                Log($"[browser console.error] {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Log($"[browser page error] {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
            {
                Log($"[browser] {response.Status} {response.Request.Method} {response.Url}");
            }
        };

        try
        {
            await test(page);
        }
        catch
        {
            await SaveArtifactsAsync(context, page, name);
            throw;
        }

        await context.Tracing.StopAsync();
    }

    /// <summary>Signs in through the sign-in page and waits until the header shows the user.</summary>
    protected static async Task SignInAsync(IPage page, string email = DemoUser, string password = DemoPassword)
    {
        await page.GotoAsync("/auth/signin");
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(email);
    }

    /// <summary>The page's current URL.</summary>
    protected static Uri CurrentUrl(IPage page) => new(page.Url);

    private async Task SaveArtifactsAsync(IBrowserContext context, IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        var screenshot = Path.Combine(ArtifactsDirectory, $"{name}.png");
        var trace = Path.Combine(ArtifactsDirectory, $"{name}.zip");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true, Timeout = 10_000 });
            Log($"Failure screenshot: {screenshot}");
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            Log($"No failure screenshot: {e.Message}");
        }

        try
        {
            await context.Tracing.StopAsync(new TracingStopOptions { Path = trace });
            Log($"Failure trace: {trace}");
        }
        catch (PlaywrightException e)
        {
            Log($"No failure trace: {e.Message}");
        }

        Log($"Page at failure: {page.Url}");
    }

    private void Log(string line)
    {
        try
        {
            Output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has already finished (a late browser event).
        }
    }
}
