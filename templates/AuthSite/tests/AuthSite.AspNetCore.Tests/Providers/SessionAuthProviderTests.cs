using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AuthSite.AspNetCore.Tests.Providers;

/// <summary>
/// A provider that the engine does not ship, added the NextAuth way through the public extension on the builder that
/// <c>AddSessionAuth</c> returns, is one of the site's providers like the built-in ones.
/// </summary>
public sealed class SessionAuthProviderTests
{
    private const string AuthorizationEndpoint = "https://id.acme.test/oauth/authorize";

    [Fact]
    public async Task A_provider_added_through_the_extension_is_listed_with_its_NextAuth_urls()
    {
        await using var site = await StartAsync(authentication => AddAcme(authentication));

        var providers = JsonNode.Parse(await site.Client.GetStringAsync("/api/auth/providers"))!.AsObject();

        var acme = providers["acme"]!;
        Assert.Equal("acme", (string?)acme["id"]);
        Assert.Equal("Acme ID", (string?)acme["name"]);
        Assert.Equal("oauth", (string?)acme["type"]);
        Assert.Equal("http://localhost/api/auth/signin/acme", (string?)acme["signinUrl"]);
        Assert.Equal("http://localhost/api/auth/callback/acme", (string?)acme["callbackUrl"]);
    }

    [Fact]
    public async Task Signing_in_with_it_redirects_to_its_authorization_endpoint_with_the_callback_url_and_pkce()
    {
        await using var site = await StartAsync(authentication => AddAcme(authentication));
        var (token, cookie) = await site.CsrfAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/signin/acme")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = token, ["callbackUrl"] = "/dashboard" }),
        };
        request.Headers.Add(HeaderNames.Cookie, cookie);
        using var response = await site.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(AuthorizationEndpoint + "?", location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(new Uri(location).Query);
        Assert.Equal("acme-client", query["client_id"].ToString());
        Assert.Equal("http://localhost/api/auth/callback/acme", query["redirect_uri"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.NotEmpty(query["state"].ToString());

        // The flow's correlation cookie reaches the callback, and the next start that supersedes it.
        var correlation = Assert.Single(SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]),
            c => c.Name.Value!.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        Assert.Equal("/api/auth", correlation.Path.Value);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, correlation.SameSite);
    }

    [Fact]
    public async Task Signing_in_with_it_without_the_csrf_token_does_not_leave_the_site()
    {
        await using var site = await StartAsync(authentication => AddAcme(authentication));

        using var response = await site.Client.PostAsync("/api/auth/signin/acme",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["callbackUrl"] = "/dashboard" }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signin?csrf=true", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_engine_keeps_the_callback_path_that_NextAuth_clients_expect_whatever_configure_sets()
    {
        await using var site = await StartAsync(authentication => AddAcme(authentication, options => options.CallbackPath = "/signin-acme"));

        var options = site.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OAuthOptions>>().Get("acme");

        Assert.Equal("/api/auth/callback/acme", options.CallbackPath.Value);
        Assert.Equal(SessionAuthDefaults.AuthenticationScheme, options.SignInScheme);
    }

    [Theory]
    [InlineData("credentials")]
    [InlineData("Credentials")]
    [InlineData("")]
    [InlineData("acme/evil")]
    [InlineData("acme id")]
    [InlineData("%61cme")]
    public void An_id_that_cannot_be_a_provider_id_is_refused_at_registration(string id)
    {
        var services = new ServiceCollection();
        var authentication = new AuthenticationBuilder(services);

        Assert.ThrowsAny<ArgumentException>(() =>
            authentication.AddSessionAuthProvider<OAuthOptions, OAuthHandler<OAuthOptions>>(id, "Acme", _ => { }));
    }

    [Fact]
    public void A_second_provider_with_the_same_id_is_refused_at_registration()
    {
        var services = new ServiceCollection();
        var authentication = new AuthenticationBuilder(services);
        AddAcme(authentication);

        Assert.Throws<ArgumentException>(() =>
            authentication.AddSessionAuthOpenIdConnectProvider("ACME", "Acme again", options => options.Authority = "https://id.acme.test"));
    }

    [Fact]
    public void The_providers_the_engine_lists_are_those_registered_through_the_extension()
    {
        var services = new ServiceCollection();
        var authentication = new AuthenticationBuilder(services);

        AddAcme(authentication);
        authentication.AddSessionAuthOpenIdConnectProvider("okta", "Okta", options => options.Authority = "https://okta.test");

        using var provider = services.BuildServiceProvider();
        Assert.Equal(
            [new AuthProviderInfo("acme", "Acme ID", "oauth"), new AuthProviderInfo("okta", "Okta", "oidc")],
            provider.GetServices<AuthProviderInfo>());
    }

    private static AuthenticationBuilder AddAcme(AuthenticationBuilder authentication, Action<OAuthOptions>? more = null) =>
        authentication.AddSessionAuthProvider<OAuthOptions, OAuthHandler<OAuthOptions>>("acme", "Acme ID", options =>
        {
            options.ClientId = "acme-client";
            options.ClientSecret = "acme-secret";
            options.AuthorizationEndpoint = AuthorizationEndpoint;
            options.TokenEndpoint = "https://id.acme.test/oauth/token";
            options.UserInformationEndpoint = "https://id.acme.test/userinfo";
            more?.Invoke(options);
        });

    private static async Task<TestSite> StartAsync(Action<AuthenticationBuilder> addProviders)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Secret"] = "provider-tests-secret-0123456789abcdef0123456789",
        });
        addProviders(builder.Services.AddSessionAuth(builder.Configuration));

        var app = builder.Build();
        app.UseAuthentication();
        app.MapSessionAuthEndpoints();
        await app.StartAsync();
        return new TestSite(app);
    }

    private sealed class TestSite(WebApplication app) : IAsyncDisposable
    {
        public HttpClient Client { get; } = app.GetTestClient();

        public IServiceProvider Services => app.Services;

        /// <summary>A CSRF token and the <c>Cookie</c> header that goes with it, from <c>GET /api/auth/csrf</c>.</summary>
        public async Task<(string Token, string Cookie)> CsrfAsync()
        {
            using var response = await Client.GetAsync("/api/auth/csrf");
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var cookie = SetCookieHeaderValue.Parse(response.Headers.GetValues(HeaderNames.SetCookie).Single());
            return ((string)body["csrfToken"]!, $"{cookie.Name}={cookie.Value}");
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await app.DisposeAsync();
        }
    }
}
