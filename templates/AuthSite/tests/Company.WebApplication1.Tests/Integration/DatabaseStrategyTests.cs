using System.Net;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The sessions table under both session strategies (the database strategy reads it, the jwt strategy records in it):
/// a session's row is written at sign-in and then at most once per <c>Auth:Session:UpdateAge</c>, expired rows are
/// deleted, and the middleware with its <c>Authorized</c> callback works the same whichever strategy keeps the session.
/// </summary>
public sealed class DatabaseStrategyTests
{
    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task The_session_row_is_written_at_most_once_per_update_age(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var lifetimes = site.SessionAuthOptions().Session;
        var session = await site.SignInAsync(DemoUsers.User);
        var signedIn = Assert.Single(await site.SessionRowsAsync(DemoUsers.User));
        Assert.Equal(site.Time.GetUtcNow(), signedIn.LastSeenAt);
        Assert.Equal(site.Time.GetUtcNow() + lifetimes.MaxAge, signedIn.Expires);

        // Many requests spread over nearly UpdateAge (past the revocation check interval many times) write nothing.
        await RequestManyTimesAsync(site, session, until: signedIn.CreatedAt + lifetimes.UpdateAge - TimeSpan.FromSeconds(1));
        var unchanged = Assert.Single(await site.SessionRowsAsync(DemoUsers.User));
        Assert.Equal((signedIn.LastSeenAt, signedIn.Expires), (unchanged.LastSeenAt, unchanged.Expires));

        // Once UpdateAge has passed, one request extends the session and records it as seen ...
        site.Time.SetUtcNow(signedIn.CreatedAt + lifetimes.UpdateAge);
        var extendedAt = site.Time.GetUtcNow();
        using (var response = await site.GetAsync("/api/example", session))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            session = site.SessionCookieSetBy(response) ?? throw new Xunit.Sdk.XunitException("The extended session sent no cookie.");
        }

        var extended = Assert.Single(await site.SessionRowsAsync(DemoUsers.User));
        Assert.Equal((extendedAt, extendedAt + lifetimes.MaxAge), (extended.LastSeenAt, extended.Expires));

        // ... and the requests after it write nothing until UpdateAge has passed again.
        await RequestManyTimesAsync(site, session, until: extendedAt + lifetimes.UpdateAge - TimeSpan.FromSeconds(1));
        var again = Assert.Single(await site.SessionRowsAsync(DemoUsers.User));
        Assert.Equal((extended.LastSeenAt, extended.Expires), (again.LastSeenAt, again.Expires));
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Expired_sessions_are_deleted_as_new_sign_ins_come_in(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var lifetimes = site.SessionAuthOptions().Session;
        var idle = await site.SignInAsync(DemoUsers.User);
        await site.SignOutAsync(await site.SignInAsync(DemoUsers.User));
        Assert.NotEmpty(await site.SessionRowsAsync(DemoUsers.User));

        site.Time.Advance(lifetimes.MaxAge + TimeSpan.FromHours(1));
        using (var expired = await site.GetAsync("/api/example", idle))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        }

        var fresh = await site.SignInAsync(DemoUsers.Admin);

        Assert.Empty(await site.SessionRowsAsync(DemoUsers.User));
        Assert.Single(await site.SessionRowsAsync(DemoUsers.Admin));
        using var signedIn = await site.GetAsync("/api/example", fresh);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task The_middleware_sends_visitors_to_sign_in_refuses_users_and_lets_admins_through(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var user = await site.SignInAsync(DemoUsers.User);
        var admin = await site.SignInAsync(DemoUsers.Admin);

        using var anonymous = await site.GetAsync("/admin", session: null);
        using var denied = await site.GetAsync("/admin", user);
        using var allowed = await site.GetAsync("/admin", admin);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fadmin", anonymous.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.False(Html.HasTestId(await denied.Content.ReadAsStringAsync(), "admin-heading"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(Html.HasTestId(await allowed.Content.ReadAsStringAsync(), "admin-heading"));
    }

    [Theory]
    [InlineData("jwt", "x")]
    [InlineData("jwt", "%%%")]
    [InlineData("jwt", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("database", "x")]
    [InlineData("database", "%%%")]
    [InlineData("database", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_forged_session_cookie_is_no_session(string strategy, string value)
    {
        using var site = new SessionSiteFactory(strategy);
        await site.SignInAsync(DemoUsers.User);
        var forged = $"{site.SessionCookieName()}={value}";

        using var example = await site.GetAsync("/api/example", forged);
        using var dashboard = await site.GetAsync("/dashboard", forged);
        using var sessions = await site.GetAsync("/api/auth/sessions", forged);
        using var revoke = await site.PostAsync("/api/auth/sessions/revoke-others", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, example.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sessions.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revoke.StatusCode);
        Assert.Single(await site.SessionRowsAsync(DemoUsers.User));
    }

    /// <summary>
    /// Requests <c>/api/example</c> every 90 minutes of the clock up to <paramref name="until"/>, each signed in and setting
    /// no cookie (nothing to extend).
    /// </summary>
    private static async Task RequestManyTimesAsync(SessionSiteFactory site, string session, DateTimeOffset until)
    {
        var step = TimeSpan.FromMinutes(90);
        for (var now = site.Time.GetUtcNow() + step; now < until; now += step)
        {
            site.Time.SetUtcNow(now);
            for (var i = 0; i < 3; i++)
            {
                using var response = await site.GetAsync("/api/example", session);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Null(site.SessionCookieSetBy(response));
            }
        }

        site.Time.SetUtcNow(until);
        using var last = await site.GetAsync("/api/example", session);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Null(site.SessionCookieSetBy(last));
    }
}
