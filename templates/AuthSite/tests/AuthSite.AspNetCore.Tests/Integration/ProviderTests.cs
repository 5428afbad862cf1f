using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.Net.Http.Headers;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// OAuth/OpenID Connect providers enabled by configuration alone: the list, the sign-in POST and its CSRF rule, and the
/// state and nonce cookies a browser keeps for the callback however many sign-ins it leaves unfinished.
/// </summary>
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

    [Theory]
    [InlineData("", "github")]
    [InlineData("", "oidc")]
    [InlineData("", "github", "oidc")]
    [InlineData("/base", "oidc")]
    public async Task Abandoned_sign_ins_leave_the_callback_only_the_latest_ones_cookies(string pathBase, params string[] providers)
    {
        using var site = new SiteWithOfflineProviders(pathBase);
        var browser = new CookieContainer { PerDomainCapacity = 180 }; // Chromium's limit per domain
        using var http = site.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(browser));
        var token = (string)(await http.GetFromJsonAsync<JsonObject>($"{pathBase}/api/auth/csrf"))!["csrfToken"]!;
        async Task<HttpResponseMessage> StartAsync(string provider)
        {
            var response = await http.PostAsync($"{pathBase}/api/auth/signin/{provider}", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return response;
        }

        for (var start = 0; start < 100; start++)
        {
            (await StartAsync(providers[start % providers.Length])).Dispose();
        }

        using var latest = await StartAsync(providers[^1]);

        // What the browser sends when the provider redirects back: the latest start's state and nonce cookies, nothing more.
        var callback = new Uri($"http://localhost{pathBase}/api/auth/callback/{providers[^1]}");
        var started = SetCookies.Written(latest).Keys.Where(IsSignInFlowCookie).Order();
        var held = browser.GetCookies(callback).Select(cookie => cookie.Name).Where(IsSignInFlowCookie).Order();
        Assert.Equal(started, held);
        Assert.InRange(browser.GetCookieHeader(callback).Length, 1, 2048);
    }

    [Fact]
    public async Task Sign_in_flow_cookies_keep_their_attributes_under_the_path_base_and_leave_the_same_way()
    {
        using var site = new SiteWithOfflineProviders("/base");
        using var client = site.CreateSiteClient("https://localhost");
        var token = (string)(await client.Http.GetFromJsonAsync<JsonObject>("/base/api/auth/csrf"))!["csrfToken"]!;
        var now = site.Time.GetUtcNow();
        Task<HttpResponseMessage> StartAsync() =>
            client.Http.PostAsync("/base/api/auth/signin/oidc", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = token }));

        using var first = await StartAsync();
        using var second = await StartAsync();

        var correlation = SetCookies.Of(first).Single(cookie => cookie.Name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        var nonce = SetCookies.Of(first).Single(cookie => cookie.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal));
        // The handler's own lifetimes, to the whole second of Set-Cookie.
        var options = site.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get("oidc");
        Assert.InRange(correlation.Expires!.Value, now + options.RemoteAuthenticationTimeout - TimeSpan.FromSeconds(1), now + options.RemoteAuthenticationTimeout);
        Assert.InRange(nonce.Expires!.Value, now + options.ProtocolValidator.NonceLifetime - TimeSpan.FromSeconds(1), now + options.ProtocolValidator.NonceLifetime);
        foreach (var cookie in new[] { correlation, nonce })
        {
            Assert.Equal("/base/api/auth", cookie.Path.ToString());
            Assert.True(cookie.HttpOnly);
            Assert.True(cookie.Secure);
            Assert.Equal(SameSiteMode.Lax, cookie.SameSite);

            var removal = SetCookies.Of(second).Single(c => c.Name == cookie.Name);
            Assert.True(removal.IsDeletion());
            Assert.Equal((cookie.Path, cookie.Domain, cookie.Secure, cookie.SameSite), (removal.Path, removal.Domain, removal.Secure, removal.SameSite));
        }

        Assert.Equal(2, SetCookies.Written(second).Keys.Count(IsSignInFlowCookie));
    }

    private static bool IsSignInFlowCookie(string name) =>
        name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) || name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal);

    /// <summary>
    /// The site with GitHub and an OpenID Connect provider whose metadata is given instead of discovered, so a start
    /// reaches the redirect to the provider without a network; optionally under a path base, as behind a proxy.
    /// </summary>
    public sealed class SiteWithOfflineProviders(string pathBase) : SiteFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:Providers:GitHub:ClientId", "github-client");
            builder.UseSetting("Auth:Providers:GitHub:ClientSecret", "github-secret");
            builder.UseSetting("Auth:Providers:Oidc:Authority", "https://sso.example/");
            builder.UseSetting("Auth:Providers:Oidc:ClientId", "oidc-client");
            builder.ConfigureServices(services =>
            {
                services.Configure<OpenIdConnectOptions>("oidc", options => options.Configuration = new OpenIdConnectConfiguration
                {
                    Issuer = "https://sso.example/",
                    AuthorizationEndpoint = "https://sso.example/authorize",
                    TokenEndpoint = "https://sso.example/token",
                });
                services.AddSingleton<IStartupFilter>(new PathBaseFilter(pathBase));
            });
        }

        private sealed class PathBaseFilter(string pathBase) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.UsePathBase(pathBase);
                next(app);
            };
        }
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
