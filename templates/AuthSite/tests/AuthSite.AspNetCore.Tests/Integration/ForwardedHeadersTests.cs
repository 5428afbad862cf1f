using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Behind a reverse proxy: <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed from the proxies of
/// <c>Auth:TrustedProxies</c> only (the framework's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> keeps its own meaning), and
/// <c>AUTH_URL</c>, when set, is the only origin the site writes or trusts. On a real Kestrel port, so the client address is real.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string ClientAddress = "203.0.113.7";

    [Fact]
    public async Task Without_trusted_proxies_forwarded_headers_are_ignored()
    {
        using var site = Site();
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", ClientAddress));
        using var signIn = await SignInAsync(client, [("X-Forwarded-Proto", "https")]);

        Assert.Equal("http", (string?)seen["scheme"]);
        Assert.Equal("127.0.0.1", (string?)seen["remote"]);
        Assert.NotNull(SetCookies.Named(signIn, site.SessionCookieName()));
        Assert.Null(SetCookies.Named(signIn, site.SessionCookieName(secure: true)));
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("10.0.0.0/8", 1)]
    [InlineData("127.0.0.1", 0)]
    public async Task Forwarded_headers_from_a_proxy_that_is_not_trusted_are_reported_once(string? trusted, int warnings)
    {
        var log = new LogCollector();
        using var site = Site(trusted is null ? null : [trusted], log);
        using var client = site.CreateRawKestrelClient();

        for (var i = 0; i < 3; i++)
        {
            await EchoAsync(client, ("X-Forwarded-For", ClientAddress));
        }

        Assert.Equal(warnings, log.Lines.Count(line => line.Contains("which Auth:TrustedProxies does not list", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_trusted_proxy_gives_the_scheme_and_client_address()
    {
        using var site = Site(["127.0.0.1"]);
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", ClientAddress));

        Assert.Equal("https", (string?)seen["scheme"]);
        Assert.Equal(ClientAddress, (string?)seen["remote"]);
    }

    [Fact]
    public async Task Behind_a_trusted_tls_proxy_cookies_urls_and_the_oauth_redirect_uri_are_https()
    {
        using var site = Site(["127.0.0.1"]);
        using var client = site.CreateRawKestrelClient();
        var https = new[] { ("X-Forwarded-Proto", "https") };
        var host = site.RootUri.Authority;

        using var signIn = await SignInAsync(client, https);
        using var providersResponse = await SendAsync(client, HttpMethod.Get, "/api/auth/providers", https);
        var providers = (await providersResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        using var github = await StartGitHubAsync(client, https);

        Assert.Equal($"https://{host}/dashboard", signIn.Headers.Location!.OriginalString);
        var session = SetCookies.Named(signIn, site.SessionCookieName(secure: true));
        Assert.NotNull(session);
        Assert.True(session.Secure);
        Assert.Equal($"https://{host}/api/auth/signin/github", (string?)providers["github"]!["signinUrl"]);
        Assert.Equal($"https://{host}/api/auth/callback/github", RedirectUri(github));
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("192.0.2.1")]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_trusted_proxy_are_ignored(string trusted)
    {
        using var site = Site([trusted]);
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", ClientAddress));

        Assert.Equal("http", (string?)seen["scheme"]);
        Assert.Equal("127.0.0.1", (string?)seen["remote"]);
    }

    [Theory]
    [InlineData(new[] { "127.0.0.1", "10.0.0.0/8" }, "198.51.100.1")]
    [InlineData(new[] { "127.0.0.1" }, "10.1.2.3")]
    public async Task The_client_address_is_the_first_one_a_trusted_proxy_did_not_write(string[] trusted, string expected)
    {
        using var site = Site(trusted);
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("X-Forwarded-For", "192.0.2.66, 198.51.100.1, 10.1.2.3"));

        // 192.0.2.66 is what the client itself wrote; only hops added by trusted proxies are believed.
        Assert.Equal(expected, (string?)seen["remote"]);
    }

    [Fact]
    public async Task The_frameworks_forwarded_headers_switch_keeps_its_meaning_and_is_not_applied_twice()
    {
        using var site = Site(["127.0.0.1"]);
        site.HostSettings["ForwardedHeaders_Enabled"] = "true";
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", "6.6.6.6, " + ClientAddress));

        // The framework's switch reads one hop; a second pass would take 6.6.6.6, which the client wrote.
        Assert.Equal("https", (string?)seen["scheme"]);
        Assert.Equal(ClientAddress, (string?)seen["remote"]);
    }

    [Fact]
    public async Task The_frameworks_switch_alone_trusts_every_sender_as_documented()
    {
        using var site = Site();
        site.HostSettings["ForwardedHeaders_Enabled"] = "true";
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("X-Forwarded-Proto", "https"), ("X-Forwarded-For", ClientAddress));

        Assert.Equal("https", (string?)seen["scheme"]);
        Assert.Equal(ClientAddress, (string?)seen["remote"]);
    }

    [Fact]
    public async Task With_AUTH_URL_a_forged_host_steers_nothing()
    {
        using var site = Site(["127.0.0.1"]);
        site.Settings["AUTH_URL"] = "https://auth.example";
        using var client = site.CreateRawKestrelClient();
        var forged = new[] { ("Host", "evil.example"), ("X-Forwarded-Host", "evil2.example"), ("X-Forwarded-Proto", "http") };

        var seen = await EchoAsync(client, forged);
        using var signIn = await SignInAsync(client, forged, callbackUrl: null);
        using var signInToEvil = await SignInAsync(client, forged, callbackUrl: "http://evil.example/dashboard");
        using var providersResponse = await SendAsync(client, HttpMethod.Get, "/api/auth/providers", forged);
        var providers = (await providersResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        using var github = await StartGitHubAsync(client, forged);

        Assert.Equal("https", (string?)seen["scheme"]);
        Assert.Equal("auth.example", (string?)seen["host"]);
        Assert.Equal("https://auth.example/", signIn.Headers.Location!.OriginalString);
        Assert.Equal("https://auth.example", signInToEvil.Headers.Location!.OriginalString);
        Assert.NotNull(SetCookies.Named(signIn, site.SessionCookieName(secure: true)));
        Assert.Equal("https://auth.example/api/auth/callback/credentials", (string?)providers["credentials"]!["callbackUrl"]);
        Assert.Equal("https://auth.example/api/auth/callback/github", RedirectUri(github));
    }

    [Fact]
    public async Task NEXTAUTH_URL_works_as_AUTH_URL()
    {
        using var site = Site();
        site.Settings["NEXTAUTH_URL"] = "https://next.example/api/auth";
        using var client = site.CreateRawKestrelClient();

        var seen = await EchoAsync(client, ("Host", "evil.example"));

        Assert.Equal("next.example", (string?)seen["host"]);
        Assert.Equal("https", (string?)seen["scheme"]);
    }

    private static KestrelSiteFactory Site(string[]? trustedProxies = null, LogCollector? log = null)
    {
        var site = new KestrelSiteFactory
        {
            ConfigureTestServices = services =>
            {
                RequestEcho.Add(services);
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log ?? new LogCollector());
            },
        };
        site.HostSettings["Auth:Providers:GitHub:ClientId"] = "github-client";
        site.HostSettings["Auth:Providers:GitHub:ClientSecret"] = "github-secret";
        for (var i = 0; i < (trustedProxies?.Length ?? 0); i++)
        {
            site.Settings[$"Auth:TrustedProxies:{i}"] = trustedProxies![i];
        }

        return site;
    }

    private static async Task<JsonObject> EchoAsync(HttpClient client, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(client, HttpMethod.Get, RequestEcho.Path, headers);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, (string Name, string Value)[] headers, string? callbackUrl = "/dashboard")
    {
        var (token, cookie) = await CsrfAsync(client, headers);
        var fields = new Dictionary<string, string> { ["csrfToken"] = token, ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password };
        if (callbackUrl is not null)
        {
            fields["callbackUrl"] = callbackUrl;
        }

        return await SendAsync(client, HttpMethod.Post, "/api/auth/callback/credentials", [.. headers, ("Cookie", cookie)], new FormUrlEncodedContent(fields));
    }

    private static async Task<HttpResponseMessage> StartGitHubAsync(HttpClient client, (string Name, string Value)[] headers)
    {
        var (token, cookie) = await CsrfAsync(client, headers);
        var response = await SendAsync(client, HttpMethod.Post, "/api/auth/signin/github", [.. headers, ("Cookie", cookie)],
            new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static async Task<(string Token, string Cookie)> CsrfAsync(HttpClient client, (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(client, HttpMethod.Get, "/api/auth/csrf", headers);
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["csrfToken"]!;
        var cookie = SetCookies.Of(response).Single();
        return (token, $"{cookie.Name}={cookie.Value}");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, (string Name, string Value)[] headers, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await client.SendAsync(request);
    }

    private static string RedirectUri(HttpResponseMessage providerRedirect) =>
        QueryHelpers.ParseQuery(providerRedirect.Headers.Location!.Query)["redirect_uri"].ToString();
}
