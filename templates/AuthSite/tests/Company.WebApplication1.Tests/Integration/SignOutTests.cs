using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;

namespace Company.WebApplication1.Tests.Integration;

/// <summary><c>POST /api/auth/signout</c>: clears the session cookie(s) and redirects; without CSRF nothing changes.</summary>
public class SignOutTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static readonly Uri Site = new("http://localhost/");

    [Fact]
    public async Task SignOut_ClearsTheSessionCookie_AndRedirectsToTheCallbackUrl()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = "/session" };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/session"), new Uri(Site, response.Headers.Location!));
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(response));
        var deletion = SetCookies.Named(response, site.SessionCookieName())!;
        Assert.Equal("/", deletion.Path.ToString());
        Assert.Empty(await client.GetSessionAsync());
        using var dashboard = await client.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutCallbackUrl_RedirectsHome()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        using var response = await client.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/"), new Uri(Site, response.Headers.Location!));
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignOut_JsonTrue_AnswersTheUrlAsJson()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = "/", ["json"] = "true" };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Uri(Site, "/"), new Uri(Site, (string)body!["url"]!));
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignOut_WithoutCsrfToken_ChangesNothing()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        await client.GetCsrfTokenAsync();

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["callbackUrl"] = "/" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("/auth/signout", location.AbsolutePath);
        Assert.Contains("csrf=true", location.Query, StringComparison.Ordinal);
        Assert.DoesNotContain(SetCookies.Of(response), cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), site.SessionCookieName()));
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Fact]
    public async Task SignOut_Anonymous_JustRedirects()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignOutAsync();

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/"), new Uri(Site, response.Headers.Location!));
    }

    [Fact]
    public async Task SignOut_TheLayoutsSignOutButton_Works()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        using var home = await client.Http.GetAsync("/");
        var html = await home.Content.ReadAsStringAsync();
        var fields = new Dictionary<string, string> { ["csrfToken"] = Html.InputValue(html, "csrfToken")!, ["callbackUrl"] = Html.InputValue(html, "callbackUrl") ?? "/" };

        using var response = await client.Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignOut_WorksAfterABrowserRestart_WhenOnlyTheSessionCookieSurvived()
    {
        // The CSRF cookie lives for the browser session, the session cookie for 30 days: a page must issue a new CSRF cookie.
        var session = await site.SignInCookieHeaderAsync();
        using var client = site.CreateRawClient();
        using var home = await client.SendAsync(Requests.Get("/", session));
        var html = await home.Content.ReadAsStringAsync();
        var csrf = SetCookies.Named(home, site.CsrfCookieName());
        Assert.NotNull(csrf);
        var fields = new Dictionary<string, string> { ["csrfToken"] = Html.InputValue(html, "csrfToken")!, ["callbackUrl"] = "/" };

        using var response = await client.SendAsync(Requests.PostForm("/api/auth/signout", fields, session, $"{csrf.Name}={csrf.Value}"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(response));
    }
}
