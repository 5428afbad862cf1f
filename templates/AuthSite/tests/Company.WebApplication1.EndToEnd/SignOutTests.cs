using Company.WebApplication1.EndToEnd.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

[Collection(SiteCollection.Name)]
public sealed class SignOutTests(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    [Fact]
    public Task Signing_out_from_the_header_protects_the_dashboard_again() => RunAsync(async page =>
    {
        await SignInAsync(page);
        await page.GotoAsync("/dashboard");
        await Expect(page.GetByTestId("dashboard-email")).ToHaveTextAsync(DemoUser);

        await page.GetByTestId("signout-button").ClickAsync();

        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("home-status")).ToContainTextAsync("not signed in");

        await page.GotoAsync("/dashboard");
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        Assert.Equal("/auth/signin", CurrentUrl(page).AbsolutePath);
        await Expect(page.GetByTestId("dashboard-email")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task The_sign_out_confirmation_page_signs_out() => RunAsync(async page =>
    {
        await SignInAsync(page);

        await page.GotoAsync("/auth/signout");
        await page.GetByTestId("signout-confirm").ClickAsync();

        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeHiddenAsync();
        await page.GotoAsync("/session");
        await Expect(page.GetByTestId("session-json")).ToHaveTextAsync("null");
        await page.GotoAsync("/dashboard");
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        Assert.Equal("/auth/signin", CurrentUrl(page).AbsolutePath);
    });
}
