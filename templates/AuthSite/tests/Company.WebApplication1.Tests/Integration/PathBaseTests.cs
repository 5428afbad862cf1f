using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The site hosted under a path (<c>PathBase=/app</c>): every link, form, redirect, cookie path, provider URL and the OAuth
/// <c>redirect_uri</c> carries the base, matchers are written without it, and the admin page stays guarded.
/// </summary>
public sealed class PathBaseTests : IClassFixture<PathBaseTests.SiteUnderApp>
{
    private readonly SiteUnderApp _site;

    public PathBaseTests(SiteUnderApp site) => _site = site;

    [Theory]
    [InlineData("/app/")]
    [InlineData("/app/auth/signin")]
    [InlineData("/app/auth/signout")]
    [InlineData("/app/auth/error?error=AccessDenied")]
    public async Task Every_link_and_form_on_a_page_carries_the_base(string page)
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInUnderPathBaseAsync("/app", DemoUsers.User)).Dispose();

        using var response = await client.Http.GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var targets = Html.FormActions(html)
            .Concat(System.Text.RegularExpressions.Regex.Matches(html, "\\s(?:href|src)=\"(?<v>[^\"]*)\"").Select(m => m.Groups["v"].Value))
            .Concat(Html.Inputs(html).Where(i => Html.AttributeValue(i, "name") == "callbackUrl").Select(i => Html.AttributeValue(i, "value")).OfType<string>())
            .ToList();

        Assert.NotEmpty(targets);
        Assert.All(targets, target => Assert.True(target.StartsWith("/app/", StringComparison.Ordinal), $"{page}: '{target}' lacks the base"));
    }



    [Fact]
    public async Task A_callback_url_outside_the_base_falls_back_to_the_sites_root()
    {
        using var client = _site.CreateSiteClient();

        using var response = await client.SignInUnderPathBaseAsync("/app", DemoUsers.User, callbackUrl: "/dashboard");
        using var landing = await client.Http.GetAsync(response.Headers.Location);

        Assert.Equal("http://localhost/app", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.True(Html.HasTestId(await landing.Content.ReadAsStringAsync(), "home-status"));
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
        Assert.False(Html.HasTestId(await denied.Content.ReadAsStringAsync(), "admin-heading"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.True(Html.HasTestId(await allowed.Content.ReadAsStringAsync(), "admin-heading"));
    }

    [Fact]
    public async Task Sign_out_from_the_layout_lands_on_the_sites_root_and_clears_the_cookie_under_the_base()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInUnderPathBaseAsync("/app", DemoUsers.User)).Dispose();
        var home = await client.Http.GetStringAsync("/app/");
        var form = new Dictionary<string, string>
        {
            ["csrfToken"] = Html.InputValue(home, "csrfToken")!,
            ["callbackUrl"] = Html.InputValue(home, "callbackUrl")!,
        };

        using var response = await client.Http.PostAsync(Html.FormActions(home).Single(), new FormUrlEncodedContent(form));

        Assert.Equal("http://localhost/app/", response.Headers.Location!.OriginalString);
        Assert.Equal("/app", SetCookies.Of(response).Single(c => c.Name == _site.SessionCookieName()).Path.ToString());
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonObject>("/app/api/auth/session"))!);
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
