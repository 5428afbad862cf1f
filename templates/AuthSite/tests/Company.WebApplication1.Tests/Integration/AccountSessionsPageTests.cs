using System.Net;
using System.Text.RegularExpressions;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The session list page <c>/account/sessions</c>, under both session strategies: signed-in users only, one row per
/// session with the current one marked, buttons that end one or all the others (CSRF-checked POSTs that redirect back).
/// </summary>
public class AccountSessionsPageTests
{
    private const string Path = "/account/sessions";
    private const string Password = "Correct-horse-battery-9";

    [Fact]
    public async Task Anonymous_IsSentToSignIn_WithACallbackUrlBack()
    {
        using var site = Site("jwt");
        using var client = site.CreateSiteClient();

        using var response = await client.Http.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signin?callbackUrl=%2Faccount%2Fsessions", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task ListsTheUsersSessions_MarksTheCurrentOne_AndTheLayoutLinksToIt(string strategy)
    {
        using var site = Site(strategy);
        var email = await AddUserAsync(site);
        using var here = await SignedInAsync(site, email);
        using var elsewhere = await SignedInAsync(site, email);

        var html = await PageAsync(here);

        Assert.Equal(2, Count(html, "session-row"));
        Assert.Equal(1, Count(html, "session-current"));
        Assert.Equal(1, Count(html, "session-revoke"));
        Assert.Equal(1, Count(html, "session-revoke-others"));
        Assert.True(Html.HasTestId(html, "nav-sessions"));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task EndingTheOtherSession_SignsItOut_AndRedirectsBackWithAStatus(string strategy)
    {
        using var site = Site(strategy);
        var email = await AddUserAsync(site);
        using var here = await SignedInAsync(site, email);
        using var elsewhere = await SignedInAsync(site, email);
        var html = await PageAsync(here);
        var otherId = Html.InputValue(html, "id")!;

        using var response = await here.Http.PostAsync(Path + "?handler=Revoke", Form(html, ("id", otherId)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Path + "?ended=1", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.Http.GetAsync("/api/example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/api/example")).StatusCode);
        var after = await PageAsync(here, response.Headers.Location!.OriginalString);
        Assert.Equal("Ended 1 session.", Html.TestIdText(after, "session-status"));
        Assert.Equal(1, Count(after, "session-row"));
        Assert.False(Html.HasTestId(after, "session-revoke-others"));
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("database")]
    public async Task EndingAllOthers_KeepsThisSession(string strategy)
    {
        using var site = Site(strategy);
        var email = await AddUserAsync(site);
        using var here = await SignedInAsync(site, email);
        using var second = await SignedInAsync(site, email);
        using var third = await SignedInAsync(site, email);
        var html = await PageAsync(here);

        using var response = await here.Http.PostAsync(Path + "?handler=RevokeOthers", Form(html));

        Assert.Equal(Path + "?ended=2", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.Http.GetAsync("/api/example")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.Http.GetAsync("/api/example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/api/example")).StatusCode);
    }

    [Theory]
    [InlineData("RevokeOthers", null)]
    [InlineData("RevokeOthers", "forged")]
    [InlineData("Revoke", null)]
    public async Task APostWithoutTheCsrfToken_IsRefused_AndEndsNothing(string handler, string? csrfToken)
    {
        using var site = Site("jwt");
        var email = await AddUserAsync(site);
        using var here = await SignedInAsync(site, email);
        using var elsewhere = await SignedInAsync(site, email);
        var html = await PageAsync(here);
        var fields = new Dictionary<string, string> { ["id"] = Html.InputValue(html, "id")! };
        if (csrfToken is not null)
        {
            fields["csrfToken"] = csrfToken;
        }

        using var response = await here.Http.PostAsync(Path + "?handler=" + handler, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.Http.GetAsync("/api/example")).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-session")]
    public async Task EndingASessionThatIsNotTheUsers_EndsNothing(string id)
    {
        using var site = Site("jwt");
        var email = await AddUserAsync(site);
        using var here = await SignedInAsync(site, email);
        using var someoneElse = await SignedInAsync(site, DemoUsers.User, DemoUsers.Password);
        var html = await PageAsync(here);

        using var response = await here.Http.PostAsync(Path + "?handler=Revoke", Form(html, ("id", id)));

        Assert.Equal(Path + "?ended=0", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await someoneElse.Http.GetAsync("/api/example")).StatusCode);
    }

    private static SiteFactory Site(string strategy)
    {
        var site = new SiteFactory();
        site.Settings["Auth:Session:Strategy"] = strategy;
        return site;
    }

    private static async Task<string> AddUserAsync(SiteFactory site)
    {
        var email = $"page-{Guid.NewGuid():N}@example.com";
        await site.Services.GetRequiredService<UserStore>().CreateAsync(email, Password);
        return email;
    }

    private static async Task<SiteClient> SignedInAsync(SiteFactory site, string email, string password = Password)
    {
        var client = site.CreateSiteClient();
        using var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static async Task<string> PageAsync(SiteClient client, string path = Path)
    {
        using var response = await client.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // The page's forms post its csrfToken (the same in each form) and their own fields.
    private static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields) =>
        new(new Dictionary<string, string>(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))) { ["csrfToken"] = Html.InputValue(html, "csrfToken")! });

    private static int Count(string html, string testId) => Regex.Count(html, $"data-testid=\"{Regex.Escape(testId)}\"");
}
