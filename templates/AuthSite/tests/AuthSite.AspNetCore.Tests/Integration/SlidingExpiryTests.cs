using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Sliding expiry on the site's fake clock: the cookie is re-issued once the token is older than
/// <c>Session:UpdateAge</c> (never on every request), and a session unused for <c>Session:MaxAge</c> is over.
/// </summary>
public class SlidingExpiryTests : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);
    private static readonly TimeSpan UpdateAge = TimeSpan.FromHours(1);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    private readonly SiteFactory _site = new();

    public SlidingExpiryTests()
    {
        _site.Settings["Auth:Session:MaxAge"] = MaxAge.ToString("c", CultureInfo.InvariantCulture);
        _site.Settings["Auth:Session:UpdateAge"] = UpdateAge.ToString("c", CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task WithinUpdateAge_SessionReadsDoNotWriteTheCookie()
    {
        using var client = _site.CreateSiteClient();
        var signedInAt = _site.Time.GetUtcNow();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        foreach (var step in new[] { TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(58) })
        {
            _site.Time.SetUtcNow(signedInAt + step);
            foreach (var path in new[] { "/api/auth/session", "/", "/dashboard", "/api/example" })
            {
                using var response = await client.Http.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.False(WritesSession(response), $"{path} at +{step} wrote the session cookie");
            }

            AssertClose(signedInAt + MaxAge, await ExpiresAsync(client));
        }
    }

    [Fact]
    public async Task AfterUpdateAge_OneReadReissuesTheCookieWithALaterExpiry()
    {
        using var client = _site.CreateSiteClient();
        var signedInAt = _site.Time.GetUtcNow();
        using var signIn = await client.SignInAsync(DemoUsers.User);
        var firstExpiry = SetCookies.Named(signIn, Name())!.Expires!.Value;

        _site.Time.Advance(UpdateAge + TimeSpan.FromMinutes(1));
        var renewedAt = _site.Time.GetUtcNow();
        using var renewal = await client.Http.GetAsync("/api/auth/session");

        Assert.True(WritesSession(renewal), "the read after UpdateAge did not re-issue the cookie");
        var cookie = SetCookies.Named(renewal, Name())!;
        Assert.True(cookie.Expires > firstExpiry);
        AssertClose(renewedAt + MaxAge, cookie.Expires!.Value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal("/", cookie.Path.ToString());
        AssertClose(renewedAt + MaxAge, DateTimeOffset.Parse((string)JsonNode.Parse(await renewal.Content.ReadAsStringAsync())!["expires"]!, CultureInfo.InvariantCulture));
        AssertClose(signedInAt + MaxAge, firstExpiry);

        // Only once: the next reads find a fresh token again.
        using var next = await client.Http.GetAsync("/api/auth/session");
        Assert.False(WritesSession(next));
        AssertClose(renewedAt + MaxAge, await ExpiresAsync(client));
    }

    [Fact]
    public async Task OverHttps_TheReissuedCookieKeepsItsSecurePrefixAndAttributes()
    {
        using var client = _site.CreateSiteClient("https://localhost");
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        _site.Time.Advance(UpdateAge + TimeSpan.FromMinutes(1));

        using var renewal = await client.Http.GetAsync("/api/auth/session");

        var cookie = SetCookies.Written(renewal).GetValueOrDefault(_site.SessionCookieName(secure: true));
        Assert.NotNull(cookie);
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.DoesNotContain(SetCookies.Of(renewal), c => c.Name == _site.SessionCookieName());
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Fact]
    public async Task AfterUpdateAge_APageReadAlsoReissuesTheCookie()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        _site.Time.Advance(UpdateAge + TimeSpan.FromMinutes(1));

        using var response = await client.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(WritesSession(response));
    }

    [Fact]
    public async Task ARenewedSession_OutlivesItsFirstExpiry()
    {
        using var client = _site.CreateSiteClient();
        var signedInAt = _site.Time.GetUtcNow();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        // Used every 20 hours: each use is past UpdateAge, so each renews, and the session never ends.
        for (var i = 1; i <= 4; i++)
        {
            _site.Time.SetUtcNow(signedInAt + TimeSpan.FromHours(20 * i));
            Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
        }

        Assert.True(_site.Time.GetUtcNow() > signedInAt + MaxAge);
    }

    [Fact]
    public async Task AfterMaxAgeWithoutUse_TheSessionIsOver_AndTheCookieDeleted()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        _site.Time.Advance(MaxAge + TimeSpan.FromMinutes(1));
        using var response = await client.Http.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Contains(Name(), SetCookies.Deleted(response));
        using var dashboard = await client.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task JustBeforeMaxAge_TheSessionStillHolds()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        _site.Time.Advance(MaxAge - TimeSpan.FromMinutes(1));

        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    private string Name() => _site.SessionCookieName();

    private bool WritesSession(HttpResponseMessage response) =>
        SetCookies.Of(response).Any(cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), Name()));

    private static async Task<DateTimeOffset> ExpiresAsync(SiteClient client)
    {
        var session = await client.GetSessionAsync();
        return DateTimeOffset.Parse((string)session["expires"]!, CultureInfo.InvariantCulture);
    }

    private static void AssertClose(DateTimeOffset expected, DateTimeOffset actual) =>
        Assert.InRange(actual, expected - Tolerance, expected + Tolerance);
}
