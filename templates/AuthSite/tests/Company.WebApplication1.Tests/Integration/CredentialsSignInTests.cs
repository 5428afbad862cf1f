using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace Company.WebApplication1.Tests.Integration;

/// <summary><c>POST /api/auth/callback/credentials</c> and <c>POST /api/auth/signin/{provider}</c> (design §4, NextAuth §9).</summary>
public class CredentialsSignInTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static readonly Uri Site = new("http://localhost/");

    [Fact]
    public async Task ValidCredentials_RedirectToTheCallbackUrl_WithTheSessionCookie()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User, DemoUsers.Password, "/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/dashboard"), new Uri(Site, response.Headers.Location!));
        var cookie = SetCookies.Named(response, site.SessionCookieName());
        Assert.NotNull(cookie);
        Assert.False(cookie.IsDeletion());
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
        using var dashboard = await client.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task ValidCredentials_WithoutCallbackUrl_RedirectToTheHomePage()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(DemoUsers.User);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/"), new Uri(Site, response.Headers.Location!));
    }

    [Theory]
    [InlineData(DemoUsers.User, "Password1")]
    [InlineData(DemoUsers.User, "password1!")]
    [InlineData(DemoUsers.User, "Password1! ")]
    [InlineData("nobody@example.com", DemoUsers.Password)]
    public async Task BadCredentials_RedirectToTheSignInPageWithCredentialsSignin(string email, string password)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.SignInAsync(email, password, "/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("localhost", location.Host);
        Assert.Equal("/auth/signin", location.AbsolutePath);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("CredentialsSignin", query["error"].ToString());
        Assert.Equal(new Uri(Site, "/dashboard"), new Uri(Site, query["callbackUrl"].ToString()));
        Assert.DoesNotContain(SetCookies.Written(response).Keys, name => SetCookies.IsSessionCookie(name, site.SessionCookieName()));
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task BadCredentials_TheSignInPageTheyLandOnShowsTheMessage()
    {
        using var client = site.CreateSiteClient();
        using var response = await client.SignInAsync(DemoUsers.User, "wrong password");

        using var page = await client.Http.GetAsync(response.Headers.Location);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(Html.TestIdText(await page.Content.ReadAsStringAsync(), "signin-error")));
    }

    [Fact]
    public async Task JsonTrue_Success_AnswersTheUrlAsJson_AndSetsTheCookie()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", await FormAsync(client, DemoUsers.User, DemoUsers.Password, "/dashboard", json: true));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal(["url"], body!.Select(p => p.Key));
        Assert.Equal(new Uri(Site, "/dashboard"), new Uri(Site, (string)body!["url"]!));
        Assert.NotNull(SetCookies.Named(response, site.SessionCookieName()));
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Fact]
    public async Task JsonTrue_BadCredentials_AnswersTheErrorUrlAsJson_With401()
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", await FormAsync(client, DemoUsers.User, "nope", "/dashboard", json: true));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        // NextAuth keeps the status the redirect stands for (401 for refused credentials) when json=true.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var url = new Uri(Site, (string)body!["url"]!);
        Assert.Equal("/auth/signin", url.AbsolutePath);
        Assert.Equal("CredentialsSignin", QueryHelpers.ParseQuery(url.Query)["error"].ToString());
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task JsonBody_IsAcceptedLikeAForm()
    {
        using var client = site.CreateSiteClient();
        var body = new JsonObject
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["email"] = DemoUsers.User,
            ["password"] = DemoUsers.Password,
            ["callbackUrl"] = "/dashboard",
            ["json"] = "true",
        };

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DemoUsers.User, (string?)(await client.GetSessionAsync())["user"]?["email"]);
    }

    [Theory]
    [InlineData(null, DemoUsers.Password)]
    [InlineData(DemoUsers.User, null)]
    [InlineData("", DemoUsers.Password)]
    [InlineData(DemoUsers.User, "")]
    [InlineData("   ", DemoUsers.Password)]
    [InlineData(null, null)]
    public async Task MissingFields_AreRefusedWithCredentialsSignin_NeverA5xx(string? email, string? password)
    {
        using var client = site.CreateSiteClient();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync() };
        if (email is not null)
        {
            fields["email"] = email;
        }

        if (password is not null)
        {
            fields["password"] = password;
        }

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("/auth/signin", location.AbsolutePath);
        Assert.Equal("CredentialsSignin", QueryHelpers.ParseQuery(location.Query)["error"].ToString());
        Assert.Empty(await client.GetSessionAsync());
    }

    [Theory]
    [InlineData("application/json", "{not json")]
    [InlineData("application/json", "[1,2,3]")]
    [InlineData("application/json", "")]
    [InlineData("text/plain", "email=user@example.com&password=Password1!")]
    [InlineData("application/x-www-form-urlencoded", "%%%=%%%&&&")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nbroken")]
    public async Task MalformedBodies_AreRefused_NeverA5xx(string contentType, string body)
    {
        using var client = site.CreateSiteClient();
        await client.GetCsrfTokenAsync();
        using var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await client.Http.PostAsync("/api/auth/callback/credentials", content);

        Assert.InRange((int)response.StatusCode, 300, 499);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Theory]
    [InlineData("github")]
    [InlineData("email")]
    [InlineData("Credentials")]
    [InlineData("credentials%20")]
    public async Task UnknownProvider_IsA4xx_AndSignsNobodyIn(string provider)
    {
        using var client = site.CreateSiteClient();

        using var response = await client.Http.PostAsync($"/api/auth/callback/{provider}", await FormAsync(client, DemoUsers.User, DemoUsers.Password, "/dashboard"));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task SignInProvider_Post_WithCsrf_RedirectsToTheSignInPageWithTheCallbackUrl()
    {
        using var client = site.CreateSiteClient();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["callbackUrl"] = "/dashboard" };

        using var response = await client.Http.PostAsync("/api/auth/signin/credentials", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("/auth/signin", location.AbsolutePath);
        Assert.Equal(new Uri(Site, "/dashboard"), new Uri(Site, QueryHelpers.ParseQuery(location.Query)["callbackUrl"].ToString()));
    }

    [Theory]
    [InlineData("github")]
    [InlineData("nope")]
    public async Task SignInProvider_Post_UnknownProvider_RedirectsBackNeverA5xx(string provider)
    {
        using var client = site.CreateSiteClient();
        var fields = new Dictionary<string, string> { ["csrfToken"] = await client.GetCsrfTokenAsync() };

        using var response = await client.Http.PostAsync($"/api/auth/signin/{provider}", new FormUrlEncodedContent(fields));

        Assert.InRange((int)response.StatusCode, 300, 499);
        if (response.Headers.Location is { } location)
        {
            Assert.Equal("localhost", new Uri(Site, location).Host);
        }
    }

    [Fact]
    public async Task SigningInAgain_AsAnotherUser_ReplacesTheSession()
    {
        using var client = site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        (await client.SignInAsync(DemoUsers.Admin)).Dispose();

        var session = await client.GetSessionAsync();
        Assert.Equal(DemoUsers.Admin, (string?)session["user"]?["email"]);
        Assert.Equal("admin", (string?)session["user"]?["role"]);
    }

    private static async Task<FormUrlEncodedContent> FormAsync(SiteClient client, string email, string password, string? callbackUrl, bool json = false)
    {
        var fields = new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["email"] = email,
            ["password"] = password,
        };
        if (callbackUrl is not null)
        {
            fields["callbackUrl"] = callbackUrl;
        }

        if (json)
        {
            fields["json"] = "true";
        }

        return new FormUrlEncodedContent(fields);
    }
}
