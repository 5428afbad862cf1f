using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace AuthSite.Tests.Integration;

/// <summary>OAuth/OpenID Connect providers enabled by configuration alone: the list, the sign-in POST and its CSRF rule.</summary>
public sealed class ProviderTests : IClassFixture<ProviderTests.SiteWithProviders>
{
    private readonly SiteWithProviders _site;

    public ProviderTests(SiteWithProviders site) => _site = site;

    [Fact]
    public async Task Configured_providers_are_listed_with_NextAuth_urls()
    {
        using var client = _site.CreateSiteClient();

        var providers = (await client.Http.GetFromJsonAsync<JsonObject>("/api/auth/providers"))!;

        Assert.Equal(["credentials", "github", "oidc"], providers.Select(p => p.Key).Order());
        var oidc = providers["oidc"]!;
        Assert.Equal("Company SSO", (string?)oidc["name"]);
        Assert.Equal("oidc", (string?)oidc["type"]);
        Assert.Equal("http://localhost/api/auth/signin/oidc", (string?)oidc["signinUrl"]);
        Assert.Equal("http://localhost/api/auth/callback/oidc", (string?)oidc["callbackUrl"]);
        Assert.Equal("oauth", (string?)providers["github"]!["type"]);
    }

    [Fact]
    public async Task Providers_without_a_client_id_are_off()
    {
        using var site = new SiteFactory();
        using var client = site.CreateSiteClient();

        var providers = await client.Http.GetFromJsonAsync<JsonObject>("/api/auth/providers");

        Assert.Equal(["credentials"], providers!.Select(p => p.Key));
    }

    [Fact]
    public async Task The_sign_in_page_has_a_button_per_provider()
    {
        using var client = _site.CreateSiteClient();

        var page = await client.Http.GetStringAsync("/auth/signin");

        Assert.Contains("data-testid=\"provider-github\"", page);
        Assert.Contains("data-testid=\"provider-oidc\"", page);
        Assert.Contains("Sign in with Company SSO", page);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("forged")]
    public async Task Sign_in_with_a_provider_needs_the_csrf_token(string? token)
    {
        using var client = _site.CreateSiteClient();
        await client.GetCsrfTokenAsync();
        var fields = new Dictionary<string, string> { ["callbackUrl"] = "/dashboard" };
        if (token is not null)
        {
            fields["csrfToken"] = token;
        }

        var response = await client.Http.PostAsync("/api/auth/signin/github", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signin?csrf=true", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_in_with_github_redirects_to_github_with_state_and_pkce()
    {
        using var client = _site.CreateSiteClient();

        var response = await client.Http.PostAsync("/api/auth/signin/github", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["callbackUrl"] = "/dashboard",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https://github.com/login/oauth/authorize", location.GetLeftPart(UriPartial.Path));
        Assert.Contains("state=", location.Query);
        Assert.Contains("code_challenge_method=S256", location.Query);
        Assert.Contains("redirect_uri=http%3A%2F%2Flocalhost%2Fapi%2Fauth%2Fcallback%2Fgithub", location.Query);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) && c.Contains("samesite=lax"));
    }

    [Fact]
    public async Task Json_sign_in_answers_the_provider_url()
    {
        using var client = _site.CreateSiteClient();

        var response = await client.Http.PostAsync("/api/auth/signin/github", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
            ["json"] = "true",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["url"];
        Assert.StartsWith("https://github.com/login/oauth/authorize?", url);
    }

    [Fact]
    public async Task An_unreachable_provider_gives_OAuthSignin_not_a_500()
    {
        using var client = _site.CreateSiteClient();

        var response = await client.Http.PostAsync("/api/auth/signin/oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signin?error=OAuthSignin", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_callback_without_state_is_OAuthCallback_on_the_sign_in_page()
    {
        using var client = _site.CreateSiteClient();

        var response = await client.Http.GetAsync("/api/auth/callback/github?code=stolen&state=forged");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/auth/signin?error=OAuthCallback", response.Headers.Location?.OriginalString);
        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task An_unknown_provider_is_refused_like_a_bad_token()
    {
        using var client = _site.CreateSiteClient();

        var response = await client.Http.PostAsync("/api/auth/signin/nonexistent", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await client.GetCsrfTokenAsync(),
        }));

        Assert.Equal("/auth/signin?csrf=true", response.Headers.Location?.OriginalString);
    }

    /// <summary>The site with GitHub and an OpenID Connect provider configured (the authority is unreachable on purpose).</summary>
    public sealed class SiteWithProviders : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);

            // Providers are registered while the site builds its services, so they come as host settings.
            builder.UseSetting("Auth:Providers:GitHub:ClientId", "github-client");
            builder.UseSetting("Auth:Providers:GitHub:ClientSecret", "github-secret");
            builder.UseSetting("Auth:Providers:Oidc:Authority", "http://127.0.0.1:9/");
            builder.UseSetting("Auth:Providers:Oidc:ClientId", "oidc-client");
            builder.UseSetting("Auth:Providers:Oidc:Name", "Company SSO");
        }
    }
}
