using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Where sessions meet the rest of the engine: session updates (jwt) keep the row in step and notice an ending, a new
/// sign-in ends the browser's previous session, an administrator ends a user's sessions outside a request, and a token
/// issued before sessions were recorded joins the list at its first refresh.
/// </summary>
public class SessionEdgeTests
{
    [Fact]
    public async Task Jwt_ASessionKeptAliveByUpdatesAlone_IsStillListedAndCanStillBeEnded()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Jwt);
        using var updating = await SignedInClient.SignInAsync(site);
        var id = await updating.CurrentIdAsync();

        // The page calls update() every half hour, more often than UpdateAge: the cookie is re-issued each time.
        var end = site.Time.GetUtcNow() + SessionSiteFactory.MaxAge + TimeSpan.FromHours(2);
        while (site.Time.GetUtcNow() < end)
        {
            site.Time.Advance(TimeSpan.FromMinutes(30));
            var body = new JsonObject { ["csrfToken"] = await updating.Client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["name"] = "Demo User" } };
            using var update = await updating.Client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await updating.ExampleStatusAsync());
        using var other = await SignedInClient.SignInAsync(site);
        Assert.Contains(id, (await other.ListAsync()).Select(s => (string)s!["id"]!));

        (await other.PostAsync("/api/auth/sessions/revoke-others")).Dispose();
        Assert.Equal(HttpStatusCode.Unauthorized, await updating.ExampleStatusAsync());
    }

    [Fact]
    public async Task Jwt_ASessionUpdate_OnAnInstanceThatHasNotYetLearnedTheSessionEnded_SignsOut()
    {
        using var first = new SessionSiteFactory(SessionStrategy.Jwt);
        using var second = new SessionSiteFactory(SessionStrategy.Jwt, first.Adapter);
        using var user = await SignedInClient.SignInAsync(second);
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        await first.Services.GetRequiredService<SessionManager>().RevokeUserSessionsAsync("1", SessionRevocationReason.Admin);

        var body = new JsonObject { ["csrfToken"] = await user.Client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["name"] = "Renamed" } };
        using var update = await user.Client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));

        Assert.Equal("{}", await update.Content.ReadAsStringAsync());
        Assert.Contains(second.SessionCookieName(), SetCookies.Deleted(update));
        Assert.Equal(HttpStatusCode.Unauthorized, await user.ExampleStatusAsync());
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task SigningInAgainInTheSameBrowser_EndsItsPreviousSession(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        (await user.Client.SignInAsync(DemoUsers.User)).Dispose();

        using var replay = await user.ReplayAsync("/api/example");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        Assert.Single(site.Adapter.LiveSessionsOf("1"));
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task RevokeUserSessions_OutsideARequest_EndsThemAll(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var first = await SignedInClient.SignInAsync(site);
        using var second = await SignedInClient.SignInAsync(site);
        using var admin = await SignedInClient.SignInAsync(site, DemoUsers.Admin);

        var ended = await site.Services.GetRequiredService<SessionManager>().RevokeUserSessionsAsync("1", SessionRevocationReason.Admin);

        Assert.Equal(2, ended);
        Assert.Equal(HttpStatusCode.Unauthorized, await first.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await second.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await admin.ExampleStatusAsync());
        var revoked = Assert.Single(site.Callbacks.Revocations);
        Assert.Null(revoked.HttpContext);
        Assert.Equal(SessionRevocationReason.Admin, revoked.Reason);
        Assert.Equal(2, revoked.SessionIds.Count);
    }

    [Fact]
    public async Task Jwt_ATokenFromBeforeSessionsWereRecorded_JoinsTheListAtItsFirstRefresh()
    {
        using var before = new SiteFactory();
        var header = await before.SignInCookieHeaderAsync();
        var token = header[(header.IndexOf('=') + 1)..];
        using var site = new SessionSiteFactory(SessionStrategy.Jwt);

        using (var unrecorded = await Replay(site, "/api/example", token))
        {
            Assert.Equal(HttpStatusCode.OK, unrecorded.StatusCode);
            Assert.Empty(site.Adapter.Rows);
        }

        site.Time.Advance(SessionSiteFactory.UpdateAge + TimeSpan.FromMinutes(1));
        string refreshed;
        using (var refresh = await Replay(site, "/api/example", token))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
            refreshed = SetCookies.Named(refresh, site.SessionCookieName())!.Value.ToString();
        }

        var row = Assert.Single(site.Adapter.Rows).Session;
        Assert.Equal("1", row.UserId);
        using (var list = await Replay(site, "/api/auth/sessions", refreshed))
        {
            var current = Assert.Single(JsonNode.Parse(await list.Content.ReadAsStringAsync())!.AsArray())!;
            Assert.Equal(row.Id, (string?)current["id"]);
            Assert.True((bool)current["current"]!);
        }

        await site.Services.GetRequiredService<SessionManager>().RevokeUserSessionsAsync("1", SessionRevocationReason.Admin);
        using var ended = await Replay(site, "/api/example", refreshed);
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
    }

    private static async Task<HttpResponseMessage> Replay(SiteFactory site, string path, string token)
    {
        using var raw = site.CreateRawClient();
        return await raw.SendAsync(Requests.Get(path, $"{site.SessionCookieName()}={token}"));
    }
}
