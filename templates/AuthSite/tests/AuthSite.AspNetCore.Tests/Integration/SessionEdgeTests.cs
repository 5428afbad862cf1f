using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

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

    [Fact]
    public async Task Database_ConcurrentRequestsPastUpdateAge_WriteTheStoreOnce()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(site);
        site.Time.Advance(SessionSiteFactory.UpdateAge + TimeSpan.FromMinutes(1));

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(user.ExampleStatusAsync)));

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(1, site.Adapter.UpdateCalls);
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
}
