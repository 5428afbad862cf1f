using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// The database strategy as NextAuth has it: the cookie is an opaque token naming a row, the row is extended at most once
/// per <c>Session:UpdateAge</c>, an unknown token is no session (and its cookie is deleted), the session callback gets the user.
/// </summary>
public class DatabaseSessionTests
{
    [Fact]
    public async Task TheStore_IsWrittenAtMostOncePerUpdateAge()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        var signedInAt = site.Time.GetUtcNow();
        using var user = await SignedInClient.SignInAsync(site);

        // Many requests over most of UpdateAge, past several revocation check intervals (so the row is read again).
        for (var i = 0; i < 30; i++)
        {
            site.Time.SetUtcNow(signedInAt + TimeSpan.FromMinutes(i * 2));
            Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        }

        Assert.Equal(0, site.Adapter.UpdateCalls);

        site.Time.SetUtcNow(signedInAt + SessionSiteFactory.UpdateAge + TimeSpan.FromMinutes(1));
        var extendedAt = site.Time.GetUtcNow();
        using (var extending = await user.Client.Http.GetAsync("/api/example"))
        {
            Assert.Equal(HttpStatusCode.OK, extending.StatusCode);
            var cookie = SetCookies.Named(extending, site.SessionCookieName());
            Assert.NotNull(cookie);
            Assert.Equal(user.Token, cookie.Value.ToString());
        }

        for (var i = 0; i < 30; i++)
        {
            site.Time.SetUtcNow(extendedAt + TimeSpan.FromMinutes(i * 2));
            Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        }

        Assert.Equal(1, site.Adapter.UpdateCalls);
        var row = Assert.Single(site.Adapter.LiveSessionsOf("1"));
        Assert.Equal(extendedAt, row.LastSeenAt);
        Assert.Equal(extendedAt + SessionSiteFactory.MaxAge, row.Expires);
    }

    [Fact]
    public async Task ConcurrentRequestsPastUpdateAge_ReadTheStoreOnce_AndExtendTheSessionOnce()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(site);
        site.Adapter.Latency = TimeSpan.FromMilliseconds(50);
        site.Time.Advance(SessionSiteFactory.UpdateAge + TimeSpan.FromMinutes(1));
        var readsBefore = site.Adapter.SessionAndUserCalls;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => user.ExampleStatusAsync()));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, site.Adapter.SessionAndUserCalls - readsBefore);
        Assert.Equal(1, site.Adapter.UpdateCalls);
    }

    [Fact]
    public async Task TheCookie_IsAnOpaqueToken_WhoseHashAloneIsStored()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(site);

        Assert.Equal(43, user.Token.Length);
        Assert.True(Base64Url.IsValid(user.Token));
        Assert.DoesNotContain('.', user.Token);
        var row = Assert.Single(site.Adapter.Rows).Session;
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(user.Token))), row.SessionTokenHash);
        Assert.NotEqual(user.Token, row.SessionTokenHash);
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("unknown")]
    public async Task AnUnknownToken_IsNoSession_AndItsCookieIsDeleted(string kind)
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(site);
        var token = kind == "tampered"
            ? user.Token[..20] + (user.Token[20] == 'A' ? 'B' : 'A') + user.Token[21..]
            : Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        using var session = await user.ReplayAsync("/api/auth/session", token);
        using var example = await user.ReplayAsync("/api/example", token);

        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(session));
        Assert.Equal(HttpStatusCode.Unauthorized, example.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..x.y.z")]
    [InlineData("++++++++++++++++++++++++++++++++++++++++++%")]
    public async Task AMalformedToken_IsNoSession_WithoutAnError(string token)
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(site);
        var lookups = site.Adapter.SessionAndUserCalls;

        using var session = await user.ReplayAsync("/api/auth/session", token);
        using var example = await user.ReplayAsync("/api/example", token);

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, example.StatusCode);
        Assert.Equal(lookups, site.Adapter.SessionAndUserCalls);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task TheSessionCallback_GetsTheUser_UnderTheDatabaseStrategyOnly(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        site.Callbacks.SessionCallUsers.Clear();

        var session = await user.Client.GetSessionAsync();

        Assert.Equal(DemoUsers.User, (string?)session["user"]!["email"]);
        Assert.Equal("user", (string?)session["user"]!["role"]);
        var given = Assert.Single(site.Callbacks.SessionCallUsers);
        if (strategy == SessionStrategy.Database)
        {
            Assert.Equal(("1", DemoUsers.User, "user"), (given!.Id, given.Email, given.Role));
        }
        else
        {
            Assert.Null(given);
        }
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task ExpiredSessions_AreDeleted_AtALaterSignIn(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var idle = await SignedInClient.SignInAsync(site);
        using var signedOut = await SignedInClient.SignInAsync(site);
        (await signedOut.Client.SignOutAsync()).Dispose();
        Assert.Equal(strategy == SessionStrategy.Jwt ? 2 : 1, site.Adapter.Rows.Count);

        site.Time.Advance(SessionSiteFactory.MaxAge + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        using var later = await SignedInClient.SignInAsync(site);

        var row = Assert.Single(site.Adapter.Rows);
        Assert.Equal(await later.CurrentIdAsync(), row.Session.Id);

        // The jwt strategy kept the signed-out session's row, marked revoked, until its token could no longer be valid.
        Assert.Contains($"Information: Deleted {(strategy == SessionStrategy.Jwt ? 2 : 1)} expired session(s).", site.Log.Lines);
    }
}
