using System.Net;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.Net.Http.Headers;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Design §4: session cookies are <c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Path=/</c>; <c>Secure</c> with the
/// <c>__Secure-</c> prefix when served over https (or when secure cookies are forced).
/// </summary>
public class CookieAttributeTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string Https = "https://localhost";

    [Fact]
    public async Task OverHttp_TheSessionCookieIsHttpOnlyLaxRootPath_WithoutPrefixOrSecure()
    {
        using var client = site.CreateSiteClient();
        var now = site.Time.GetUtcNow();

        using var response = await client.SignInAsync(DemoUsers.User);

        var cookie = SetCookies.Named(response, site.SessionCookieName());
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.False(cookie.Secure);
        Assert.True(cookie.Domain.Length == 0);
        Assert.NotNull(cookie.Expires);
        Assert.InRange(cookie.Expires.Value, now + TimeSpan.FromDays(30) - TimeSpan.FromSeconds(2), now + TimeSpan.FromDays(30) + TimeSpan.FromSeconds(2));
        Assert.Null(SetCookies.Named(response, site.SessionCookieName(secure: true)));
    }

    [Fact]
    public async Task OverHttp_TheCsrfCookieIsHttpOnlyLaxRootPath()
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/csrf");

        var cookie = SetCookies.Named(response, site.CsrfCookieName());
        Assert.NotNull(cookie);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
    }

    [Fact]
    public async Task OverHttps_TheSessionCookieIsSecureWithTheSecurePrefix()
    {
        using var client = site.CreateSiteClient(Https);

        using var response = await client.SignInAsync(DemoUsers.User);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = SetCookies.Named(response, site.SessionCookieName(secure: true));
        Assert.NotNull(cookie);
        Assert.False(cookie.IsDeletion());
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.DoesNotContain(SetCookies.Of(response), c => c.Name == site.SessionCookieName());
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Fact]
    public async Task OverHttps_TheCsrfCookieIsSecureWithTheHostPrefix()
    {
        using var client = site.CreateRawClient(Https);

        using var response = await client.GetAsync("/api/auth/csrf");

        var cookie = SetCookies.Named(response, site.CsrfCookieName(secure: true));
        Assert.NotNull(cookie);
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.True(cookie.Domain.Length == 0, "__Host- cookies must not have a Domain");
    }

    [Fact]
    public async Task OverHttps_SignOutDeletesTheSecureCookieWithSecureAttributes()
    {
        using var client = site.CreateSiteClient(Https);
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var response = await client.SignOutAsync();

        var deletion = SetCookies.Named(response, site.SessionCookieName(secure: true));
        Assert.NotNull(deletion);
        Assert.True(deletion.IsDeletion());
        Assert.True(deletion.Secure, "browsers ignore a __Secure- cookie (even a deletion) without Secure");
        Assert.Equal("/", deletion.Path.ToString());
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task OverHttps_ABadSecureCookieIsDeletedWithSecureAttributes()
    {
        using var client = site.CreateRawClient(Https);

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", $"{site.SessionCookieName(secure: true)}=garbage"));

        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var deletion = SetCookies.Named(response, site.SessionCookieName(secure: true));
        Assert.NotNull(deletion);
        Assert.True(deletion.IsDeletion());
        Assert.True(deletion.Secure);
    }

    [Fact]
    public async Task OverHttps_AnUnprefixedCookieIsNotASession()
    {
        // A cookie without the prefix could have been planted over plain http or by a sibling domain.
        using var http = site.CreateSiteClient();
        using var signIn = await http.SignInAsync(DemoUsers.User);
        var plain = SetCookies.Named(signIn, site.SessionCookieName())!;
        using var client = site.CreateRawClient(Https);

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", $"{plain.Name}={plain.Value}"));

        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForcedSecureCookies_AreSecureAndPrefixedEvenOverHttp()
    {
        using var forced = new SiteFactory();
        forced.Settings["Auth:UseSecureCookies"] = "true";
        using var client = forced.CreateRawClient();
        var csrf = await forced.GetCsrfPairAsync(secure: true);
        var fields = new Dictionary<string, string> { ["csrfToken"] = csrf.Token, ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password };

        using var response = await client.SendAsync(Requests.PostForm("/api/auth/callback/credentials", fields, csrf.Cookie));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = SetCookies.Named(response, forced.SessionCookieName(secure: true));
        Assert.NotNull(cookie);
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        using var session = await client.SendAsync(Requests.Get("/api/auth/session", $"{cookie.Name}={cookie.Value}"));
        Assert.Contains(DemoUsers.User, await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
