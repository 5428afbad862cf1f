using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Sessions end server-side under both strategies: a signed-out cookie replayed is no session, the user ends their other
/// sessions or one of them (never another user's), and every ending is reported by the sessionRevoked event and an
/// Information log line that names ids only.
/// </summary>
public class SessionRevocationTests
{
    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task SignedOutCookie_Replayed_IsNoSession(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        using (var before = await user.ReplayAsync("/api/example"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var signOut = await user.Client.SignOutAsync())
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        using var example = await user.ReplayAsync("/api/example");
        Assert.Equal(HttpStatusCode.Unauthorized, example.StatusCode);
        using var session = await user.ReplayAsync("/api/auth/session");
        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Empty(site.Adapter.LiveSessionsOf("1"));
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task SignedOutAdminCookie_Replayed_OnTheMiddlewaresPath_IsSentToSignIn(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var admin = await SignedInClient.SignInAsync(site, DemoUsers.Admin);
        using (var before = await admin.ReplayAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        (await admin.Client.SignOutAsync()).Dispose();

        using var after = await admin.ReplayAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fadmin", after.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task Middleware_UnderEitherStrategy_SendsAnonymousToSignIn_RefusesAUser_LetsAnAdminIn(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var anonymous = site.CreateSiteClient();
        using var user = await SignedInClient.SignInAsync(site);
        using var admin = await SignedInClient.SignInAsync(site, DemoUsers.Admin);

        using var toSignIn = await anonymous.Http.GetAsync("/admin");
        using var refused = await user.Client.Http.GetAsync("/admin");
        using var allowed = await admin.Client.Http.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.StartsWith("/auth/signin?", toSignIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Jwt_ACookieRefreshedBeforeSignOut_IsNoSessionAfterIt_NorIsTheOldOne()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Jwt);
        using var user = await SignedInClient.SignInAsync(site);

        // A request still running when the user signs out refreshes the cookie: that copy carries the same session.
        site.Time.Advance(SessionSiteFactory.UpdateAge + TimeSpan.FromMinutes(1));
        string refreshed;
        using (var refresh = await user.ReplayAsync("/api/example"))
        {
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
            refreshed = SetCookies.Named(refresh, site.SessionCookieName())?.Value.ToString()!;
            Assert.NotNull(refreshed);
            Assert.NotEqual(user.Token, refreshed);
        }

        using (var stillWorks = await user.ReplayAsync("/api/example", refreshed))
        {
            Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        }

        // The browser signs out with the cookie it had.
        (await user.Client.SignOutAsync()).Dispose();

        using var old = await user.ReplayAsync("/api/example");
        using var copy = await user.ReplayAsync("/api/example", refreshed);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, copy.StatusCode);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task RevokeOthers_KeepsTheCurrentSession_AndEndsTheOthers(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var current = await SignedInClient.SignInAsync(site);
        using var second = await SignedInClient.SignInAsync(site);
        using var third = await SignedInClient.SignInAsync(site);
        using var admin = await SignedInClient.SignInAsync(site, DemoUsers.Admin);

        using var response = await current.PostAsync("/api/auth/sessions/revoke-others");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["revoked"]!);
        Assert.Equal(HttpStatusCode.OK, await current.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await second.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await third.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await admin.ExampleStatusAsync());
        Assert.Single(await current.ListAsync());
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task RevokeById_EndsThatSessionOnly(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var current = await SignedInClient.SignInAsync(site);
        using var other = await SignedInClient.SignInAsync(site);
        using var bystander = await SignedInClient.SignInAsync(site);
        var otherId = await other.CurrentIdAsync();

        using var response = await current.PostAsync("/api/auth/sessions/revoke", new() { ["id"] = otherId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await response.Content.ReadFromJsonAsync<JsonObject>())!["revoked"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, await other.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await current.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await bystander.ExampleStatusAsync());
        Assert.DoesNotContain(otherId, (await current.ListAsync()).Select(s => (string)s!["id"]!));
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task RevokeById_OfAnotherUsersSessionOrAnUnknownId_Is404_AndEndsNothing(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        using var admin = await SignedInClient.SignInAsync(site, DemoUsers.Admin);
        var adminId = await admin.CurrentIdAsync();

        foreach (var id in new[] { adminId, Guid.NewGuid().ToString(), "not-an-id", new string('x', 5000) })
        {
            using var response = await user.PostAsync("/api/auth/sessions/revoke", new() { ["id"] = id });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var noId = await user.PostAsync("/api/auth/sessions/revoke"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noId.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await admin.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        Assert.Single(site.Adapter.LiveSessionsOf("2"));
        Assert.Single(site.Adapter.LiveSessionsOf("1"));
        Assert.Empty(site.Callbacks.Revocations);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task RevokeById_OfTheCurrentSession_SignsItOut(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        var id = await user.CurrentIdAsync();

        using var response = await user.PostAsync("/api/auth/sessions/revoke", new() { ["id"] = id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(response));
        Assert.Equal(HttpStatusCode.Unauthorized, await user.ExampleStatusAsync());
        using var replay = await user.ReplayAsync("/api/example");
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task EachEnding_RaisesSessionRevoked_AndLogsIdsOnly(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var current = await SignedInClient.SignInAsync(site);
        using var second = await SignedInClient.SignInAsync(site);
        using var third = await SignedInClient.SignInAsync(site);
        var currentId = await current.CurrentIdAsync();
        var otherIds = new[] { await second.CurrentIdAsync(), await third.CurrentIdAsync() };

        (await current.PostAsync("/api/auth/sessions/revoke-others")).Dispose();
        (await current.Client.SignOutAsync()).Dispose();

        var events = site.Callbacks.Revocations.ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(SessionRevocationReason.User, events[0].Reason);
        Assert.Equal("1", events[0].UserId);
        Assert.Equal(otherIds.Order(), events[0].SessionIds.Order());
        Assert.NotNull(events[0].HttpContext);
        Assert.Equal(SessionRevocationReason.SignOut, events[1].Reason);
        Assert.Equal([currentId], events[1].SessionIds);

        var lines = site.Log.Lines.ToList();
        foreach (var id in otherIds)
        {
            Assert.Contains($"Information: Session {id} of user 1 ended (User).", lines);
        }

        Assert.Contains($"Information: Session {currentId} of user 1 ended (SignOut).", lines);
        foreach (var token in new[] { current.Token, second.Token, third.Token })
        {
            Assert.DoesNotContain(lines, line => line.Contains(token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Jwt_SessionUpdate_KeepsTheSessionId_WhenTheJwtCallbackDropsIt()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Jwt);
        using var updated = await SignedInClient.SignInAsync(site);
        using var other = await SignedInClient.SignInAsync(site);
        var id = await updated.CurrentIdAsync();

        var body = new JsonObject { ["csrfToken"] = await updated.Client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["drop"] = "sid", ["name"] = "Renamed" } };
        using (var update = await updated.Client.Http.SendAsync(Requests.PostJson("/api/auth/session", body)))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            Assert.Equal("Renamed", (string?)(await update.Content.ReadFromJsonAsync<JsonObject>())!["user"]!["name"]);
            Assert.NotNull(SetCookies.Named(update, site.SessionCookieName()));
        }

        // The updated cookie is still that session: listed as current, and ended by the user's other browser.
        Assert.Equal(id, await updated.CurrentIdAsync());
        (await other.PostAsync("/api/auth/sessions/revoke-others")).Dispose();
        Assert.Equal(HttpStatusCode.Unauthorized, await updated.ExampleStatusAsync());
    }

    [Fact]
    public async Task Database_SessionUpdate_ReturnsTheSession()
    {
        using var site = new SessionSiteFactory(SessionStrategy.Database);
        using var user = await SignedInClient.SignInAsync(site);

        var body = new JsonObject { ["csrfToken"] = await user.Client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["name"] = "Renamed" } };
        using var update = await user.Client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var session = (await update.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(DemoUsers.User, (string?)session["user"]!["email"]);
        Assert.Equal("Demo User", (string?)session["user"]!["name"]);
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
    }
}
