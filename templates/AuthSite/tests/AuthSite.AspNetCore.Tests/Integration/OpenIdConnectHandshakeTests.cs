using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuthSite.AspNetCore.Tests.Infrastructure;
using Company.WebApplication1.EndToEnd.OpenIdProvider;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Sign-in through a real OpenID Connect provider (the local test provider, on a loopback port) driven over HTTP the way a
/// browser drives it: the code flow with state, PKCE and nonce, the account linked through the adapter, and the ways the
/// handshake is refused (cancel, a forged state, the signIn callback, an email that belongs to another user).
/// </summary>
public sealed partial class OpenIdConnectHandshakeTests : IAsyncLifetime
{
    /// <summary>An email the site's signIn callback refuses, to test <c>AccessDenied</c>.</summary>
    private const string BlockedEmail = "blocked@example.org";

    private TestOpenIdProvider _provider = null!;
    private KestrelSiteFactory _site = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync(TestOpenIdProvider.IsLoopbackCallback);
        _site = new KestrelSiteFactory
        {
            ConfigureTestServices = services => services.PostConfigure<SessionAuthOptions>(options =>
            {
                var signIn = options.Callbacks.SignIn;
                options.Callbacks.SignIn = context => context.User.Email == BlockedEmail ? ValueTask.FromResult(false) : signIn(context);
            }),
        };

        // Providers are registered while the site builds its services, so they come as host settings.
        _site.HostSettings["Auth:Providers:Oidc:Authority"] = _provider.Authority.AbsoluteUri;
        _site.HostSettings["Auth:Providers:Oidc:ClientId"] = TestOpenIdProvider.ClientId;
        _site.HostSettings["Auth:Providers:Oidc:ClientSecret"] = TestOpenIdProvider.ClientSecret;
        _site.HostSettings["Auth:Providers:Oidc:Name"] = "Test OpenID Provider";
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task First_sign_in_sends_state_pkce_and_nonce_creates_and_links_a_user_and_lands_on_the_callback_url()
    {
        var alice = _provider.AddUser($"sub-{Guid.NewGuid():N}", "Alice Liddell", $"alice-{Guid.NewGuid():N}@example.org");
        using var browser = new Browser(_site.RootUri);

        using var protectedPage = await browser.Http.GetAsync("/dashboard?tab=1");
        var callbackUrl = QueryHelpers.ParseQuery(new Uri(_site.RootUri, protectedPage.Headers.Location!).Query)["callbackUrl"].ToString();
        using var authorize = await browser.StartAsync(callbackUrl);
        var request = QueryHelpers.ParseQuery(authorize.Headers.Location!.Query);
        using var landing = await browser.FinishAsync(authorize, ConsentPage.UserField, alice.Username);

        Assert.Equal(HttpStatusCode.Redirect, protectedPage.StatusCode);
        Assert.StartsWith(_provider.Authority.AbsoluteUri + "connect/authorize?", authorize.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("code", request["response_type"]);
        Assert.Equal("S256", request["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(request["code_challenge"]));
        Assert.False(string.IsNullOrEmpty(request["state"]));
        Assert.False(string.IsNullOrEmpty(request["nonce"]));
        Assert.Equal(new Uri(_site.RootUri, "/api/auth/callback/oidc").AbsoluteUri, request["redirect_uri"]);
        Assert.Equal(1, _provider.TokenRequestCount);

        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Equal("/dashboard?tab=1", new Uri(_site.RootUri, landing.Headers.Location!).PathAndQuery);
        var session = await browser.GetSessionAsync();
        Assert.Equal(alice.Email, (string?)session["user"]?["email"]);
        Assert.Equal(alice.Name, (string?)session["user"]?["name"]);
        var linked = await _site.Users.GetUserByAccountAsync("oidc", alice.Subject, CancellationToken.None);
        Assert.Equal(alice.Email, linked?.Email);
    }

    [Fact]
    public async Task A_sign_in_completes_after_a_hundred_abandoned_ones_and_leaves_no_flow_cookies()
    {
        var carol = _provider.AddUser($"sub-{Guid.NewGuid():N}", "Carol Patient", $"carol-{Guid.NewGuid():N}@example.org");
        using var browser = new Browser(_site.RootUri);
        for (var start = 0; start < 100; start++)
        {
            using var abandoned = await browser.StartAsync("/");
            Assert.Equal(HttpStatusCode.Redirect, abandoned.StatusCode);
            Assert.StartsWith(_provider.Authority.AbsoluteUri, abandoned.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        }

        using var authorize = await browser.StartAsync("/");
        using var landing = await browser.FinishAsync(authorize, ConsentPage.UserField, carol.Username);

        Assert.Equal(carol.Email, (string?)(await browser.GetSessionAsync())["user"]?["email"]);
        // The last start removed the abandoned ones' correlation and nonce cookies, the callback its own.
        Assert.DoesNotContain(browser.Cookies.GetAllCookies(), cookie =>
            cookie.Name.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal) || cookie.Name.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_returning_user_is_found_by_the_linked_account()
    {
        var bob = _provider.AddUser($"sub-{Guid.NewGuid():N}", "Bob Returning", $"bob-{Guid.NewGuid():N}@example.org");
        for (var visit = 0; visit < 2; visit++)
        {
            using var browser = new Browser(_site.RootUri);
            using var authorize = await browser.StartAsync("/");
            using var landing = await browser.FinishAsync(authorize, ConsentPage.UserField, bob.Username);
            Assert.Equal(bob.Email, (string?)(await browser.GetSessionAsync())["user"]?["email"]);
        }

        var user = await _site.Users.GetUserByEmailAsync(bob.Email, CancellationToken.None);
        Assert.NotNull(user);
        Assert.Single(_site.Users.Links, link => link.Account.ProviderAccountId == bob.Subject && link.UserId == user.Id);
    }

    [Fact]
    public async Task Cancelling_at_the_provider_goes_to_the_sign_in_page_with_OAuthCallback()
    {
        using var browser = new Browser(_site.RootUri);

        using var authorize = await browser.StartAsync("/");
        using var landing = await browser.FinishAsync(authorize, ConsentPage.CancelField, "cancel");

        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        var location = new Uri(_site.RootUri, landing.Headers.Location!);
        Assert.Equal("/auth/signin", location.AbsolutePath);
        Assert.Contains("error=OAuthCallback", location.Query, StringComparison.Ordinal);
        Assert.Empty(await browser.GetSessionAsync());
    }

    [Fact]
    public async Task A_tampered_state_is_refused_with_OAuthCallback()
    {
        var alice = _provider.Users[0];
        using var browser = new Browser(_site.RootUri);

        using var authorize = await browser.StartAsync("/");
        using var landing = await browser.FinishAsync(authorize, ConsentPage.UserField, alice.Username, callback => StateParameter().Replace(callback, "state=forged"));

        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Contains("error=OAuthCallback", landing.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await browser.GetSessionAsync());
        Assert.Equal(0, _provider.TokenRequestCount);
    }

    [Fact]
    public async Task A_sign_in_the_signIn_callback_refuses_goes_to_the_error_page_with_AccessDenied_and_creates_nobody()
    {
        var blocked = _provider.AddUser("blocked-sub", "Blocked Person", BlockedEmail);
        using var browser = new Browser(_site.RootUri);

        using var authorize = await browser.StartAsync("/");
        using var landing = await browser.FinishAsync(authorize, ConsentPage.UserField, blocked.Username);

        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        var location = new Uri(_site.RootUri, landing.Headers.Location!);
        Assert.Equal("/auth/error?error=AccessDenied", location.PathAndQuery);
        Assert.Empty(await browser.GetSessionAsync());
        Assert.Null(await _site.Users.GetUserByEmailAsync(BlockedEmail, CancellationToken.None));
    }

    [Fact]
    public async Task An_email_that_belongs_to_another_user_is_not_linked()
    {
        var impostor = _provider.AddUser($"sub-{Guid.NewGuid():N}", "Not The Demo User", DemoUsers.User, username: $"impostor{Guid.NewGuid():N}");
        using var browser = new Browser(_site.RootUri);

        using var authorize = await browser.StartAsync("/");
        using var landing = await browser.FinishAsync(authorize, ConsentPage.UserField, impostor.Username);

        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.Contains("error=OAuthAccountNotLinked", landing.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await browser.GetSessionAsync());
        Assert.Null(await _site.Users.GetUserByAccountAsync("oidc", impostor.Subject, CancellationToken.None));
    }

    [GeneratedRegex("state=[^&]+")]
    private static partial Regex StateParameter();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">")]
    private static partial Regex ConsentFormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex ConsentFormField();

    /// <summary>
    /// A browser's part in the handshake over HTTP: one cookie jar for the site and the provider, redirects seen one by one,
    /// the provider's consent form answered by pressing one of its buttons.
    /// </summary>
    private sealed class Browser : IDisposable
    {
        private readonly Uri _site;

        public Browser(Uri site)
        {
            _site = site;
            Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies }) { BaseAddress = site };
        }

        /// <summary>The cookies of the site and the provider (both on the loopback address).</summary>
        public CookieContainer Cookies { get; } = new();

        /// <summary>The client (cookies kept, redirects not followed), based at the site.</summary>
        public HttpClient Http { get; }

        /// <summary>Posts the sign-in form's provider button (<c>POST /api/auth/signin/oidc</c>); answers the redirect to the provider.</summary>
        public async Task<HttpResponseMessage> StartAsync(string callbackUrl)
        {
            var csrf = (await Http.GetFromJsonAsync<JsonObject>("/api/auth/csrf"))!;
            return await Http.PostAsync("/api/auth/signin/oidc", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["csrfToken"] = (string)csrf["csrfToken"]!,
                ["callbackUrl"] = callbackUrl,
            }));
        }

        /// <summary>
        /// Opens the provider's consent page, presses the button <paramref name="field"/>=<paramref name="value"/>, and follows
        /// the provider's redirect back to the site (rewritten by <paramref name="tamper"/>); answers the site's callback.
        /// </summary>
        public async Task<HttpResponseMessage> FinishAsync(HttpResponseMessage authorize, string field, string value, Func<string, string>? tamper = null)
        {
            Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
            var consentUrl = authorize.Headers.Location!;
            var html = await Http.GetStringAsync(consentUrl);
            var fields = ConsentFormField().Matches(html)
                .Select(match => KeyValuePair.Create(WebUtility.HtmlDecode(match.Groups["name"].Value), WebUtility.HtmlDecode(match.Groups["value"].Value)))
                .Append(KeyValuePair.Create(field, value));
            var action = new Uri(consentUrl, WebUtility.HtmlDecode(ConsentFormAction().Match(html).Groups["action"].Value));

            using var decision = await Http.PostAsync(action, new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.Redirect, decision.StatusCode);
            var callback = decision.Headers.Location!.AbsoluteUri;
            Assert.StartsWith(new Uri(_site, "/api/auth/callback/oidc").AbsoluteUri, callback, StringComparison.Ordinal);
            return await Http.GetAsync(tamper?.Invoke(callback) ?? callback);
        }

        /// <summary>The session JSON of <c>/api/auth/session</c> (<c>{}</c> when signed out).</summary>
        public async Task<JsonObject> GetSessionAsync() => (await Http.GetFromJsonAsync<JsonObject>("/api/auth/session"))!;

        public void Dispose() => Http.Dispose();
    }
}
