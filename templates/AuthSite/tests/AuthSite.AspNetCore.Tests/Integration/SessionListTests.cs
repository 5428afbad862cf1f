using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// <c>GET /api/auth/sessions</c> lists the signed-in user's sessions (their own only, the request's marked current), and
/// every new POST refuses a missing or wrong CSRF token before it ends anything.
/// </summary>
public class SessionListTests
{
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task TheList_HoldsTheUsersSessionsOnly_WithExactlyOneCurrent(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var signedInAt = site.Time.GetUtcNow();
        using var firefox = await SignedInClient.SignInAsync(site, userAgent: Firefox, clientAddress: "203.0.113.7");
        using var chrome = await SignedInClient.SignInAsync(site, userAgent: Chrome, clientAddress: "198.51.100.20");
        using var admin = await SignedInClient.SignInAsync(site, DemoUsers.Admin);
        var adminId = await admin.CurrentIdAsync();

        var list = await firefox.ListAsync();

        Assert.Equal(2, list.Count);
        var current = Assert.Single(list, s => (bool)s!["current"]!)!;
        var other = Assert.Single(list, s => !(bool)s!["current"]!)!;
        Assert.Equal("Firefox on Linux", (string?)current["userAgent"]);
        Assert.Equal("203.0.113.7", (string?)current["clientAddress"]);
        Assert.Equal("Chrome on Windows", (string?)other["userAgent"]);
        Assert.Equal("198.51.100.20", (string?)other["clientAddress"]);
        Assert.Equal(signedInAt, current["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(signedInAt, current["lastSeenAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(signedInAt + SessionSiteFactory.MaxAge, current["expires"]!.GetValue<DateTimeOffset>());
        Assert.DoesNotContain(adminId, list.Select(s => (string)s!["id"]!));
        Assert.Equal((string?)other["id"], await chrome.CurrentIdAsync());
        Assert.Equal(adminId, (string)Assert.Single(await admin.ListAsync())!["id"]!);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task SessionsOfTheOtherStrategy_AreNotListed(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        var now = site.Time.GetUtcNow();

        // A row the other strategy wrote before the site switched: its cookie can no longer be read.
        var otherStrategyHash = strategy == SessionStrategy.Jwt ? new string('A', 43) : null;
        await site.Adapter.CreateSessionAsync(
            new AdapterSession("other-strategy", "1", otherStrategyHash, now, now, now + SessionSiteFactory.MaxAge, Firefox, null), CancellationToken.None);

        var listed = Assert.Single(await user.ListAsync())!;
        Assert.Equal(await user.CurrentIdAsync(), (string?)listed["id"]);
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task Anonymous_Gets401(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var anonymous = site.CreateSiteClient();
        using var response = await anonymous.Http.GetAsync("/api/auth/sessions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Theory]
    [InlineData(SessionStrategy.Jwt)]
    [InlineData(SessionStrategy.Database)]
    public async Task Anonymous_WithAValidCsrfToken_Gets401_FromEachPost(SessionStrategy strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        var id = await user.CurrentIdAsync();
        using var anonymous = site.CreateSiteClient();
        var csrf = await anonymous.GetCsrfTokenAsync();

        foreach (var path in new[] { "/api/auth/sessions/revoke", "/api/auth/sessions/revoke-others" })
        {
            using var response = await anonymous.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = csrf, ["id"] = id }));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
    }

    public static TheoryData<SessionStrategy, string, string> Forgeries()
    {
        var data = new TheoryData<SessionStrategy, string, string>();
        foreach (var strategy in new[] { SessionStrategy.Jwt, SessionStrategy.Database })
        {
            foreach (var path in new[] { "/api/auth/sessions/revoke", "/api/auth/sessions/revoke-others" })
            {
                data.Add(strategy, path, "");
                data.Add(strategy, path, "wrong");
                data.Add(strategy, path, "another browser's");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task EachPost_WithoutOrWithAWrongCsrfToken_Is403_AndEndsNothing(SessionStrategy strategy, string path, string csrf)
    {
        using var site = new SessionSiteFactory(strategy);
        using var user = await SignedInClient.SignInAsync(site);
        using var other = await SignedInClient.SignInAsync(site);
        var otherId = await other.CurrentIdAsync();
        var token = csrf == "another browser's" ? await other.Client.GetCsrfTokenAsync() : csrf;

        using var response = await user.PostAsync(path, new() { ["id"] = otherId }, token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("CSRF", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["message"]);
        Assert.Equal(HttpStatusCode.OK, await other.ExampleStatusAsync());
        Assert.Equal(HttpStatusCode.OK, await user.ExampleStatusAsync());
        Assert.Equal(2, site.Adapter.LiveSessionsOf("1").Count);
        Assert.Empty(site.Callbacks.Revocations);
    }

    [Fact]
    public async Task WithoutAnAdapter_TheEndpointsSayTheSiteRecordsNoSessions()
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var list = await client.Http.GetAsync("/api/auth/sessions");
        using var revoke = await client.Http.PostAsync(
            "/api/auth/sessions/revoke-others", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync() }));

        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
        using var example = await client.Http.GetAsync("/api/example");
        Assert.Equal(HttpStatusCode.OK, example.StatusCode);
    }
}
