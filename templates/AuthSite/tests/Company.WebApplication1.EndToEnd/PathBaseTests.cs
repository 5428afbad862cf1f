using Company.WebApplication1.EndToEnd.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

/// <summary>The site served under <c>/app</c>: the whole flow, by following the site's own links and forms.</summary>
[Collection(SiteUnderAppCollection.Name)]
public sealed class PathBaseTests(SiteUnderApp site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    [Fact]
    public Task Sign_in_dashboard_admin_403_and_sign_out_all_stay_under_the_base() => RunAsync(async page =>
    {
        await page.GotoAsync("/app/dashboard");
        Assert.Equal("/app/auth/signin", CurrentUrl(page).AbsolutePath);

        await page.GetByTestId("email").FillAsync(DemoUser);
        await page.GetByTestId("password").FillAsync(DemoPassword);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("dashboard-email")).ToHaveTextAsync(DemoUser);
        Assert.Equal("/app/dashboard", CurrentUrl(page).AbsolutePath);

        var admin = await page.RunAndWaitForResponseAsync(() => page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Admin" }).ClickAsync(), "**/app/admin");
        Assert.Equal(403, admin.Status);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("Access denied");
        Assert.Equal("/app/admin", CurrentUrl(page).AbsolutePath);

        await page.GetByTestId("signout-button").ClickAsync();
        await Expect(page.GetByTestId("signin-link")).ToBeVisibleAsync();
        Assert.Equal("/app/", CurrentUrl(page).AbsolutePath);

        await page.GotoAsync("/app/dashboard");
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
    });

    [Fact]
    public Task The_admin_reaches_the_admin_page_from_the_sign_in_page_under_the_base() => RunAsync(async page =>
    {
        await page.GotoAsync("/app/");
        await page.GetByTestId("signin-link").ClickAsync();
        await page.GetByTestId("email").FillAsync(DemoAdmin);
        await page.GetByTestId("password").FillAsync(DemoPassword);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToContainTextAsync(DemoAdmin);

        await page.GotoAsync("/app/admin");

        await Expect(page.GetByTestId("admin-heading")).ToBeVisibleAsync();
        await Expect(page.Locator("link[rel=stylesheet]")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/app/css/site\\.css"));
    });
}

/// <summary>The site with <c>PathBase=/app</c>.</summary>
public sealed class SiteUnderApp() : SiteServer("/app");

/// <summary>The site under <c>/app</c>, for the classes that test it.</summary>
[CollectionDefinition(Name)]
public sealed class SiteUnderAppCollection : ICollectionFixture<SiteUnderApp>
{
    public const string Name = "SiteUnderApp";
}
