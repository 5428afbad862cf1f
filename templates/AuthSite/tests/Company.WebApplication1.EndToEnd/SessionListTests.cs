using System.Text.RegularExpressions;
using Company.WebApplication1.Data;
using Company.WebApplication1.EndToEnd.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

[Collection(SiteCollection.Name)]
public sealed class SessionListTests(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    private readonly BrowserFixture _browser = browser;

    [Fact]
    public Task Ending_another_browsers_session_from_the_session_list_signs_that_browser_out() => RunAsync(async page =>
    {
        // A user of this test's own, so the other tests' sign-ins are not in the list.
        var email = $"sessions-{Guid.NewGuid():N}@example.com";
        await Site.Services.GetRequiredService<UserStore>().CreateAsync(email, DemoPassword);
        await using var otherBrowser = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Site.RootUri.ToString() });
        var other = await otherBrowser.NewPageAsync();
        await SignInAsync(other, email);
        await SignInAsync(page, email);

        // The session list is in the layout, and shows both sessions, this one marked.
        await Expect(page.GetByTestId("nav-sessions")).ToHaveAttributeAsync("href", new Regex("/account/sessions$", RegexOptions.IgnoreCase));
        await page.GotoAsync("/account/sessions");
        var rows = page.GetByTestId("session-row");
        await Expect(rows).ToHaveCountAsync(2);
        var current = rows.Filter(new LocatorFilterOptions { Has = page.GetByTestId("session-current") });
        var otherRow = rows.Filter(new LocatorFilterOptions { HasNot = page.GetByTestId("session-current") });
        await Expect(current).ToHaveCountAsync(1);
        await Expect(otherRow).ToHaveCountAsync(1);

        // A confirmation, should the page ask for one, is accepted.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await otherRow.GetByTestId("session-revoke").ClickAsync();

        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("session-current")).ToHaveCountAsync(1);
        await other.GotoAsync("/dashboard");
        await Expect(other.GetByTestId("signin-form")).ToBeVisibleAsync();
        Assert.Equal("/auth/signin", CurrentUrl(other).AbsolutePath);
        await page.GotoAsync("/dashboard");
        await Expect(page.GetByTestId("dashboard-email")).ToHaveTextAsync(email);
    });
}
