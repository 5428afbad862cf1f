using Microsoft.Playwright;

namespace Company.WebApplication1.EndToEnd.Infrastructure;

/// <summary>
/// Chromium, launched once per test class (headless). Which Chromium is decided once per test run by
/// <see cref="ChromiumLauncher"/>; when there is none, every test fails with the same message
/// saying how to install one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _failure;

    /// <summary>The browser; throws <see cref="ChromiumNotFoundException"/> when no Chromium could be launched.</summary>
    public IBrowser Browser => _browser ?? throw new ChromiumNotFoundException(_failure ?? "The browser fixture was not initialised.");

    /// <summary>Which Chromium is running and how it was found.</summary>
    public string Description { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        try
        {
            (_browser, Description) = await ChromiumLauncher.LaunchAsync(_playwright);
        }
        catch (ChromiumNotFoundException e)
        {
            _failure = e.Message;
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>No usable Chromium: the message says how to get one.</summary>
public sealed class ChromiumNotFoundException(string message) : Exception(message);
