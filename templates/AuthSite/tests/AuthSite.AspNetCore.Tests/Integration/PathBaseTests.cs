using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// The site hosted under a path (<c>PathBase=/app</c>): every link, form, redirect, cookie path, provider URL and the OAuth
/// <c>redirect_uri</c> carries the base, matchers are written without it, and the admin page stays guarded.
/// </summary>
public sealed class PathBaseTests : IClassFixture<PathBaseTests.SiteUnderApp>
{
    private readonly SiteUnderApp _site;

    public PathBaseTests(SiteUnderApp site) => _site = site;


    [Theory]
    [InlineData("/app/dashboard", "/app/auth/signin?callbackUrl=%2Fapp%2Fdashboard")]
    [InlineData("/app/admin?tab=1", "/app/auth/signin?callbackUrl=%2Fapp%2Fadmin%3Ftab%3D1")]
    public async Task Anonymous_visitors_are_sent_to_the_sign_in_page_under_the_base(string path, string expected)
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_in_lands_on_the_callback_url_once_with_cookies_scoped_to_the_base()
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.SignInUnderPathBaseAsync("/app", DemoUsers.User, callbackUrl: "/app/dashboard");

        Assert.Equal("http://localhost/app/dashboard", response.Headers.Location!.OriginalString);
        Assert.Equal("/app", SetCookies.Named(response, _site.SessionCookieName())!.Path.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/app/dashboard")).StatusCode);
    }

    [Fact]
    public async Task A_callback_url_outside_the_base_falls_back_to_the_sites_root()
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.SignInUnderPathBaseAsync("/app", DemoUsers.User, callbackUrl: "/dashboard");
        using var landing = await client.Http.GetAsync(response.Headers.Location);

        Assert.Equal("http://localhost/app", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal("Signed in as " + DemoUsers.User, await landing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_admin_page_is_403_for_users_and_200_for_admins_under_the_base()
    {
        using var user = _site.CreateSiteClient();
        using var admin = _site.CreateSiteClient();
        (await user.SignInUnderPathBaseAsync("/app", DemoUsers.User)).Dispose();
        (await admin.SignInUnderPathBaseAsync("/app", DemoUsers.Admin)).Dispose();

        using var denied = await user.Http.GetAsync("/app/admin");
        using var allowed = await admin.Http.GetAsync("/app/admin");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("/auth/error?error=AccessDenied", await denied.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("Admin page", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_out_lands_on_the_sites_root_and_clears_the_cookie_under_the_base()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInUnderPathBaseAsync("/app", DemoUsers.User)).Dispose();
        var form = new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync("/app"),
            ["callbackUrl"] = "/app/",
        };

        using var response = await client.Http.PostAsync("/app/api/auth/signout", new FormUrlEncodedContent(form));

        Assert.Equal("http://localhost/app/", response.Headers.Location!.OriginalString);
        Assert.Equal("/app", SetCookies.Of(response).Single(c => c.Name == _site.SessionCookieName()).Path.ToString());
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonObject>("/app/api/auth/session"))!);
    }

    [Fact]
    public async Task Provider_urls_and_the_oauth_redirect_uri_carry_the_base()
    {
        using var client = _site.CreateSiteClient();
        var providers = (await client.Http.GetFromJsonAsync<JsonObject>("/app/api/auth/providers"))!;
        var csrf = (string)(await client.Http.GetFromJsonAsync<JsonObject>("/app/api/auth/csrf"))!["csrfToken"]!;

        using var start = await client.Http.PostAsync("/app/api/auth/signin/github", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = csrf }));

        Assert.Equal("http://localhost/app/api/auth/signin/github", (string?)providers["github"]!["signinUrl"]);
        Assert.Equal("http://localhost/app/api/auth/callback/credentials", (string?)providers["credentials"]!["callbackUrl"]);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("http://localhost/app/api/auth/callback/github", QueryHelpers.ParseQuery(start.Headers.Location!.Query)["redirect_uri"].ToString());
    }

    [Fact]
    public async Task Static_files_are_served_under_the_base()
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.Http.GetAsync("/app/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The site with <c>PathBase=/app</c> and GitHub sign-in configured.</summary>
    public sealed class SiteUnderApp : SiteFactory
    {
        public SiteUnderApp()
        {
            Settings["PathBase"] = "/app";
            HostSettings["Auth:Providers:GitHub:ClientId"] = "github-client";
            HostSettings["Auth:Providers:GitHub:ClientSecret"] = "github-secret";
        }
    }
}
