using System.Net;
using System.Text.Json.Nodes;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// <c>GET /api/auth/sessions</c> lists the signed-in user's own sessions, the current one marked; the session list's POSTs
/// refuse a missing or wrong CSRF token and end nothing. Under both session strategies.
/// </summary>
public sealed class SessionListApiTests
{
    private static readonly TimeSpan Precision = TimeSpan.FromMilliseconds(1);

    public static TheoryData<string, string, string> CsrfCases()
    {
        var cases = new TheoryData<string, string, string>();
        foreach (var strategy in new[] { "jwt", "database" })
        {
            foreach (var path in new[] { "/api/auth/sessions/revoke", "/api/auth/sessions/revoke-others" })
            {
                foreach (var token in new[] { "missing", "wrong" })
                {
                    cases.Add(strategy, path, token);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task The_list_is_the_users_own_sessions_with_exactly_one_current(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var first = await site.SignInAsync(DemoUsers.User);
        site.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await site.SignInAsync(DemoUsers.User);
        var otherUser = await site.SignInAsync(DemoUsers.Admin);

        var fromFirst = await site.ListSessionsAsync(first);
        var fromSecond = await site.ListSessionsAsync(second);

        var rows = await site.SessionRowsAsync(DemoUsers.User);
        Assert.Equal(rows.Select(row => row.Id), fromFirst.Select(s => (string?)s!["id"]));
        Assert.Equal(rows.Select(row => row.Id), fromSecond.Select(s => (string?)s!["id"]));
        var firstCurrent = (string?)Assert.Single(fromFirst, s => (bool)s!["current"]!)!["id"];
        var secondCurrent = (string?)Assert.Single(fromSecond, s => (bool)s!["current"]!)!["id"];
        Assert.Equal(rows[0].Id, firstCurrent);
        Assert.Equal(rows[1].Id, secondCurrent);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].CreatedAt, (DateTimeOffset)fromFirst[i]!["createdAt"]!, Precision);
            Assert.Equal(rows[i].Expires, (DateTimeOffset)fromFirst[i]!["expires"]!, Precision);
        }

        var otherUsersId = Assert.Single(await site.SessionRowsAsync(DemoUsers.Admin)).Id;
        Assert.DoesNotContain(fromFirst, s => (string?)s!["id"] == otherUsersId);
        Assert.Equal(otherUsersId, (string?)Assert.Single(await site.ListSessionsAsync(otherUser))!["id"]);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task Each_session_shows_the_browser_it_signed_in_with_and_signed_out_sessions_are_not_listed(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var firefox = await site.SignInAsync(DemoUsers.User, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
        await site.SignInAsync(DemoUsers.User, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        await site.SignOutAsync(await site.SignInAsync(DemoUsers.User, "curl/8.5.0"));

        var sessions = await site.ListSessionsAsync(firefox);

        Assert.Equal(["Firefox on Linux", "Chrome on Windows"], sessions.Select(s => (string?)s!["userAgent"]));
        Assert.Equal([true, false], sessions.Select(s => (bool)s!["current"]!));
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task The_list_answers_401_to_anonymous_callers(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);

        using var response = await site.GetAsync("/api/auth/sessions", session: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SessionSiteFactory.Strategies), MemberType = typeof(SessionSiteFactory))]
    public async Task The_session_list_posts_take_a_json_body_and_only_post(string strategy)
    {
        using var site = new SessionSiteFactory(strategy);
        var current = await site.SignInAsync(DemoUsers.User);
        var other = await site.SignInAsync(DemoUsers.User);
        var otherId = (string)(await site.ListSessionsAsync(current)).Single(s => !(bool)s!["current"]!)!["id"]!;
        var csrf = await site.GetCsrfPairAsync();

        using var get = await site.GetAsync("/api/auth/sessions/revoke", current);
        using var revoke = await site.SendAsync(Requests.PostJson("/api/auth/sessions/revoke", new JsonObject { ["csrfToken"] = csrf.Token, ["id"] = otherId }, current, csrf.Cookie));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal(["POST"], get.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var ended = await site.GetAsync("/api/example", other);
        Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
    }

    [Theory]
    [MemberData(nameof(CsrfCases))]
    public async Task A_session_list_post_without_its_csrf_token_is_403_and_ends_nothing(string strategy, string path, string token)
    {
        using var site = new SessionSiteFactory(strategy);
        var current = await site.SignInAsync(DemoUsers.User);
        var other = await site.SignInAsync(DemoUsers.User);
        var otherId = (string)(await site.ListSessionsAsync(current)).Single(s => !(bool)s!["current"]!)!["id"]!;

        // "wrong": a real token, but of another browser's CSRF cookie.
        var csrfToken = token == "missing" ? "" : (await site.GetCsrfPairAsync()).Token;
        using var response = await site.PostAsync(path, current, new Dictionary<string, string> { ["id"] = otherId }, csrfToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(SetCookies.Of(response), cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), site.SessionCookieName()));
        foreach (var session in new[] { current, other })
        {
            using var example = await site.GetAsync("/api/example", session);
            Assert.Equal(HttpStatusCode.OK, example.StatusCode);
        }

        Assert.Equal(2, (await site.ListSessionsAsync(current)).Count);
    }
}
