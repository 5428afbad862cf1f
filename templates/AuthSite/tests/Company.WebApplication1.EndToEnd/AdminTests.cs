using Company.WebApplication1.EndToEnd.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

[Collection(SiteCollection.Name)]
public sealed class AdminTests(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    [Fact]
    public Task A_user_without_the_admin_role_sees_the_access_denied_page() => RunAsync(async page =>
    {
        await SignInAsync(page, DemoUser);

        var response = await page.GotoAsync("/admin");

        Assert.Equal(403, response!.Status);
        Assert.Equal("/admin", CurrentUrl(page).AbsolutePath);
        await Expect(page.GetByTestId("error-title")).ToHaveTextAsync("Access denied");
        await Expect(page.GetByTestId("admin-heading")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task The_admin_sees_the_admin_page() => RunAsync(async page =>
    {
        await SignInAsync(page, DemoAdmin);

        await page.GotoAsync("/admin");

        await Expect(page.GetByTestId("admin-heading")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("admin-user")).ToContainTextAsync(DemoAdmin);
    });

    [Fact]
    public Task Anonymous_visitors_sign_in_on_the_way_to_the_admin_page() => RunAsync(async page =>
    {
        await page.GotoAsync("/admin");
        Assert.Equal("/auth/signin", CurrentUrl(page).AbsolutePath);

        await page.GetByTestId("email").FillAsync(DemoAdmin);
        await page.GetByTestId("password").FillAsync(DemoPassword);
        await page.GetByTestId("signin-submit").ClickAsync();

        await Expect(page.GetByTestId("admin-heading")).ToBeVisibleAsync();
        Assert.Equal("/admin", CurrentUrl(page).AbsolutePath);
    });
}
