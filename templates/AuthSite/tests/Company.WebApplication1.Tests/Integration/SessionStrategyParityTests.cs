using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// What a site sees of a session does not depend on the strategy that keeps it: <c>/api/auth/session</c> (GET and the
/// POST update), the pages' session, a role given or a user removed with the user store. The jwt strategy reads the user
/// again when it refreshes the token (once per <c>Auth:Session:UpdateAge</c>), the database strategy when it reads the
/// session again (once per <c>Auth:Session:RevocationCheckInterval</c>).
/// </summary>
public sealed class SessionStrategyParityTests
{
    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task The_session_api_and_the_pages_show_the_signed_in_user(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var session = await site.SignInAsync(DemoUsers.Admin);
        var row = Assert.Single(await site.SessionRowsAsync(DemoUsers.Admin));

        using var get = await site.GetAsync("/api/auth/session", session);
        using var update = await site.PostAsync("/api/auth/session", session);
        using var dashboard = await site.GetAsync("/dashboard", session);

        foreach (var response in new[] { get, update })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(DemoUsers.Admin, (string?)body["user"]?["email"]);
            Assert.Equal("admin", (string?)body["user"]?["role"]);
            Assert.Equal(row.Expires, (DateTimeOffset)body["expires"]!, TimeSpan.FromSeconds(1));
        }

        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal(DemoUsers.Admin, Html.TestIdText(html, "dashboard-email"));
        Assert.Equal("admin", Html.TestIdText(html, "dashboard-role"));
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task A_role_given_with_the_user_store_reaches_the_session_within_the_strategys_bound(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var session = await site.SignInAsync(DemoUsers.User);
        using (var denied = await site.GetAsync("/admin", session))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        await site.Services.GetRequiredService<UserStore>().SetRoleAsync(DemoUsers.User, "admin");
        site.Time.Advance(Bound(site));

        using var allowed = await site.GetAsync("/admin", session);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(Html.HasTestId(await allowed.Content.ReadAsStringAsync(), "admin-heading"));
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task A_removed_user_is_signed_out_within_the_strategys_bound(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var session = await site.SignInAsync(DemoUsers.User);
        using (var signedIn = await site.GetAsync("/api/example", session))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        await site.Services.GetRequiredService<UserStore>().RemoveAsync(DemoUsers.User);
        site.Time.Advance(Bound(site));

        using var removed = await site.GetAsync("/api/example", session);
        Assert.Equal(HttpStatusCode.Unauthorized, removed.StatusCode);
        using var dashboard = await site.GetAsync("/dashboard", session);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    /// <summary>How long a change to the user may take to reach a session under the site's strategy.</summary>
    private static TimeSpan Bound(SessionSiteFactory site) => site.Strategy == "jwt"
        ? site.SessionAuthOptions().Session.UpdateAge
        : site.RevocationCheckInterval;
}
