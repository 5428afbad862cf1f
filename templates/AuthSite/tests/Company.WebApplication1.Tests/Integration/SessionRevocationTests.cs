using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// Ending sessions, under both session strategies: sign-out ends the session on the server, so a copy of the cookie (or a
/// refreshed one) is no session afterwards; a user ends their other sessions, or one by its id; and an instance of the site
/// refuses a session another instance ended within <c>Auth:Session:RevocationCheckInterval</c>.
/// </summary>
public sealed class SessionRevocationTests
{
    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task A_signed_out_cookie_replayed_is_no_session(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var session = await site.SignInAsync(DemoUsers.Admin);
        await AssertSignedInAsync(site, session);

        await site.SignOutAsync(session);

        await AssertSignedOutAsync(site, session);
        using var dashboard = await site.GetAsync("/dashboard", session);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fdashboard", dashboard.Headers.Location?.OriginalString);
        using var admin = await site.GetAsync("/admin", session);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Fadmin", admin.Headers.Location?.OriginalString);
        using var api = await site.GetAsync("/api/auth/session", session);
        Assert.Empty((await api.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task A_cookie_refreshed_by_a_request_still_running_at_sign_out_is_no_session(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var session = await site.SignInAsync(DemoUsers.User);
        site.Time.Advance(site.SessionAuthOptions().Session.UpdateAge + TimeSpan.FromMinutes(1));

        // A request old enough to refresh the session answers with a new cookie ...
        using var refresh = await site.GetAsync("/api/example", session);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var refreshed = site.SessionCookieSetBy(refresh);
        Assert.NotNull(refreshed);

        // ... while the user signs out with the cookie the browser still had.
        await site.SignOutAsync(session);

        await AssertSignedOutAsync(site, session);
        await AssertSignedOutAsync(site, refreshed);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Revoke_others_ends_the_users_other_sessions_and_keeps_the_current_one(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var current = await site.SignInAsync(DemoUsers.User);
        string[] others = [await site.SignInAsync(DemoUsers.User), await site.SignInAsync(DemoUsers.User)];
        var otherUser = await site.SignInAsync(DemoUsers.Admin);

        using var response = await site.PostAsync("/api/auth/sessions/revoke-others", current);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["revoked"]);
        Assert.DoesNotContain(SetCookies.Of(response), cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), site.SessionCookieName()) && cookie.IsDeletion());
        await AssertSignedInAsync(site, current);
        foreach (var other in others)
        {
            await AssertSignedOutAsync(site, other);
        }

        await AssertSignedInAsync(site, otherUser);
        var left = Assert.Single(await site.ListSessionsAsync(current));
        Assert.True((bool)left!["current"]!);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Revoke_by_id_ends_that_session_only_and_never_another_users(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var current = await site.SignInAsync(DemoUsers.User);
        var other = await site.SignInAsync(DemoUsers.User);
        var otherUser = await site.SignInAsync(DemoUsers.Admin);
        var otherId = (string)(await site.ListSessionsAsync(current)).Single(s => !(bool)s!["current"]!)!["id"]!;
        var otherUsersId = (string)Assert.Single(await site.ListSessionsAsync(otherUser))!["id"]!;

        using var foreign = await site.PostAsync("/api/auth/sessions/revoke", current, new Dictionary<string, string> { ["id"] = otherUsersId });
        using var unknown = await site.PostAsync("/api/auth/sessions/revoke", current, new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString() });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await AssertSignedInAsync(site, otherUser);

        using var response = await site.PostAsync("/api/auth/sessions/revoke", current, new Dictionary<string, string> { ["id"] = otherId });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["revoked"]);
        await AssertSignedOutAsync(site, other);
        await AssertSignedInAsync(site, current);
        await AssertSignedInAsync(site, otherUser);
        Assert.DoesNotContain(await site.ListSessionsAsync(current), s => (string?)s!["id"] == otherId);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Revoking_the_current_session_by_id_signs_it_out(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var current = await site.SignInAsync(DemoUsers.User);
        var id = (string)Assert.Single(await site.ListSessionsAsync(current))!["id"]!;

        using var response = await site.PostAsync("/api/auth/sessions/revoke", current, new Dictionary<string, string> { ["id"] = id });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(response));
        await AssertSignedOutAsync(site, current);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Signing_in_again_in_the_same_browser_ends_the_session_it_replaces(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var replaced = await site.SignInAsync(DemoUsers.User);

        var session = await site.SignInAsync(DemoUsers.Admin, over: replaced);

        await AssertSignedOutAsync(site, replaced);
        await AssertSignedInAsync(site, session);
        Assert.DoesNotContain(await site.SessionRowsAsync(DemoUsers.User), row => row.RevokedAt is null);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Each_ended_session_raises_session_revoked_and_is_logged_by_id_never_by_token(string strategy)
    {
        var events = new ConcurrentQueue<SessionRevokedEventContext>();
        using var site = new SessionSiteFactory(strategy)
        {
            ConfigureTestServices = services =>
            {
                services.AddFakeLogging();
                services.PostConfigure<SessionAuthOptions>(options => options.Events.SessionRevoked = context =>
                {
                    events.Enqueue(context);
                    return ValueTask.CompletedTask;
                });
            },
        };
        string[] cookies = [await site.SignInAsync(DemoUsers.User), await site.SignInAsync(DemoUsers.User), await site.SignInAsync(DemoUsers.User)];
        var rows = await site.SessionRowsAsync(DemoUsers.User);
        var userId = rows[0].UserId;

        (await site.PostAsync("/api/auth/sessions/revoke-others", cookies[0])).Dispose();
        await site.SignOutAsync(cookies[0]);

        Assert.Collection(
            events,
            others =>
            {
                Assert.Equal((userId, SessionRevocationReason.User), (others.UserId, others.Reason));
                Assert.Equal(rows.Skip(1).Select(row => row.Id).Order(), others.SessionIds.Order());
            },
            signOut =>
            {
                Assert.Equal((userId, SessionRevocationReason.SignOut), (signOut.UserId, signOut.Reason));
                Assert.Equal([rows[0].Id], signOut.SessionIds);
            });
        var logs = site.Services.GetFakeLogCollector().GetSnapshot();
        foreach (var (row, reason) in rows.Zip(new[] { "SignOut", "User", "User" }))
        {
            var line = Assert.Single(logs, log => log.Message.Contains(row.Id, StringComparison.Ordinal));
            Assert.Equal(LogLevel.Information, line.Level);
            Assert.Equal($"Session {row.Id} of user {userId} ended ({reason}).", line.Message);
        }

        var tokens = cookies.Select(cookie => cookie[(cookie.IndexOf('=') + 1)..]).ToList();
        Assert.DoesNotContain(logs, log => tokens.Any(token => log.Message.Contains(token, StringComparison.Ordinal)
            || log.StructuredState?.Any(pair => pair.Value?.Contains(token, StringComparison.Ordinal) == true) == true));
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task A_session_ended_on_one_instance_is_refused_by_another_within_the_revocation_check_interval(string strategy)
    {
        var database = SessionSiteFactory.NewDatabaseName();
        var clock = SessionSiteFactory.NewClock();
        try
        {
            using var first = new SessionSiteFactory(strategy, clock) { Database = database };
            using var second = new SessionSiteFactory(strategy, clock) { Database = database };
            var interval = second.RevocationCheckInterval;
            Assert.InRange(interval, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            var session = await first.SignInAsync(DemoUsers.User);

            // The second instance reads the session, and under jwt the revocations, just before the first ends it.
            await AssertSignedInAsync(second, session);
            var revokedAt = clock.GetUtcNow();
            await first.SignOutAsync(session);

            await AssertSignedOutAsync(first, session);
            if (strategy == "jwt")
            {
                // The price of no database read per signed-in request: the second instance learns of it at its next check.
                clock.SetUtcNow(revokedAt + interval - TimeSpan.FromMilliseconds(1));
                await AssertSignedInAsync(second, session);
            }

            clock.SetUtcNow(revokedAt + interval);
            await AssertSignedOutAsync(second, session);
        }
        finally
        {
            SiteFactory.DeleteDatabase(database);
        }
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task An_instance_started_after_a_session_ended_refuses_it_at_once(string strategy)
    {
        var database = SessionSiteFactory.NewDatabaseName();
        var clock = SessionSiteFactory.NewClock();
        try
        {
            using var first = new SessionSiteFactory(strategy, clock) { Database = database };
            var ended = await first.SignInAsync(DemoUsers.User);
            var live = await first.SignInAsync(DemoUsers.User);
            await first.SignOutAsync(ended);

            // A new instance (a deployment, a restart) joins later, on the same database.
            clock.Advance(TimeSpan.FromMinutes(10));
            using var second = new SessionSiteFactory(strategy, clock) { Database = database };

            await AssertSignedOutAsync(second, ended);
            await AssertSignedInAsync(second, live);
        }
        finally
        {
            SiteFactory.DeleteDatabase(database);
        }
    }

    private static async Task AssertSignedInAsync(SessionSiteFactory site, string session)
    {
        using var response = await site.GetAsync("/api/example", session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertSignedOutAsync(SessionSiteFactory site, string session)
    {
        using var response = await site.GetAsync("/api/example", session);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
