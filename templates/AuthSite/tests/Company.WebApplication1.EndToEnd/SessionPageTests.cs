using System.Text.Json;
using Company.WebApplication1.EndToEnd.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Company.WebApplication1.EndToEnd;

[Collection(SiteCollection.Name)]
public sealed class SessionPageTests(SiteServer site, BrowserFixture browser, ITestOutputHelper output) : BrowserTest(site, browser, output)
{
    [Fact]
    public Task The_session_page_shows_null_signed_out_and_the_session_signed_in() => RunAsync(async page =>
    {
        await page.GotoAsync("/session");
        await Expect(page.GetByTestId("session-json")).ToHaveTextAsync("null");

        await SignInAsync(page, DemoAdmin);
        await page.GotoAsync("/session");

        var json = page.GetByTestId("session-json");
        await Expect(json).ToContainTextAsync(DemoAdmin);
        using var session = JsonDocument.Parse(await json.InnerTextAsync());
        var user = session.RootElement.GetProperty("user");
        Assert.Equal(DemoAdmin, user.GetProperty("email").GetString());
        Assert.Equal("admin", user.GetProperty("role").GetString());
        Assert.Equal("Demo Admin", user.GetProperty("name").GetString());
        Assert.True(session.RootElement.GetProperty("expires").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    });
}
