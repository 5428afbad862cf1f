using System.Net;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// A smoke test of the engine's CSRF check on this site's state-changing POSTs (every attack is in the engine's tests):
/// without the token of the visitor's own CSRF cookie, sign-in and sign-out change nothing; with it, they do.
/// </summary>
public class CsrfSmokeTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task SignIn_WithoutTheCsrfToken_IsRefused_AndSignsNobodyIn(string? token)
    {
        using var client = site.CreateSiteClient();
        await client.GetCsrfTokenAsync();
        var fields = new Dictionary<string, string> { ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password };
        if (token is not null)
        {
            fields["csrfToken"] = token;
        }

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(fields));

        Assert.DoesNotContain(SetCookies.Of(response), cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), site.SessionCookieName()));
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignIn_WithAnotherVisitorsToken_IsRefused()
    {
        using var visitor = site.CreateSiteClient();
        var othersToken = (await site.GetCsrfPairAsync()).Token;
        await visitor.GetCsrfTokenAsync();
        var fields = new Dictionary<string, string> { ["csrfToken"] = othersToken, ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password };

        using var response = await visitor.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(fields));

        Assert.Empty(await visitor.GetSessionAsync());
    }

    [Fact]
    public async Task SignOut_WithoutTheCsrfToken_KeepsTheSession_WithItEndsIt()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var refused = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);

        using var accepted = await client.SignOutAsync();
        Assert.Empty(await client.GetSessionAsync());
    }
}
