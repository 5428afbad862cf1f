using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

using Company.WebApplication1.EndToEnd.OpenIdProvider;

namespace AuthSite.AspNetCore.Tests.OpenIdProvider;

/// <summary>
/// The test OpenID Connect provider, driven over HTTP the way a relying party and a browser drive it
/// (no browser needed): discovery, the authorization code flow with PKCE, and its error paths.
/// </summary>
public sealed partial class TestOpenIdProviderTests : IAsyncLifetime
{
    private const string RedirectUri = "http://127.0.0.1:5999/api/auth/callback/oidc";

    private TestOpenIdProvider _provider = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOpenIdProvider.StartAsync([RedirectUri]);
        _http = CreateClient(_provider);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Discovery_document_advertises_the_issuer_endpoints_and_capabilities()
    {
        var authority = _provider.Authority.AbsoluteUri;
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", authority);

        using var discovery = await GetJsonAsync("/.well-known/openid-configuration");
        var root = discovery.RootElement;

        Assert.Equal(authority, root.GetProperty("issuer").GetString());
        Assert.Equal(authority + "connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(authority + "connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal(authority + "connect/userinfo", root.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(authority + ".well-known/jwks", root.GetProperty("jwks_uri").GetString());
        Assert.Equal(["code"], Strings(root, "response_types_supported"));
        Assert.Equal(["authorization_code"], Strings(root, "grant_types_supported"));
        Assert.Contains("S256", Strings(root, "code_challenge_methods_supported"));
        Assert.Subset(Strings(root, "scopes_supported").ToHashSet(), new HashSet<string> { "openid", "profile", "email" });
        Assert.Subset(Strings(root, "token_endpoint_auth_methods_supported").ToHashSet(), new HashSet<string> { "client_secret_basic", "client_secret_post" });
        Assert.Subset(Strings(root, "claims_supported").ToHashSet(), new HashSet<string> { "sub", "name", "email", "email_verified" });

        using var jwks = await GetJsonAsync(root.GetProperty("jwks_uri").GetString()!);
        var keys = jwks.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Contains(keys, key => key.GetProperty("kty").GetString() == "RSA" && key.GetProperty("use").GetString() == "sig");
    }

    [Fact]
    public async Task Authorization_code_flow_with_pkce_issues_a_signed_id_token_with_the_user_claims_and_the_nonce()
    {
        var flow = AuthorizationFlow.Create();

        var page = await GetConsentPageAsync(flow.AuthorizeUrl(RedirectUri));
        Assert.Equal("/connect/authorize", page.Action);
        Assert.Contains("oidc-allow-alice", page.TestIds);
        Assert.Contains("oidc-allow-bob", page.TestIds);
        Assert.Contains("oidc-cancel", page.TestIds);
        Assert.Contains("Sign in as Alice Example (alice@example.org)", page.Html, StringComparison.Ordinal);
        Assert.Equal(flow.State, page.Hidden("state"));
        Assert.Equal(flow.Nonce, page.Hidden("nonce"));
        Assert.Equal(flow.CodeChallenge, page.Hidden("code_challenge"));

        using var decision = await SubmitAsync(page, "oidc_user", "alice");
        var callback = AssertRedirectTo(decision, RedirectUri);
        Assert.Equal(flow.State, callback["state"]);
        Assert.Equal(_provider.Authority.AbsoluteUri, callback["iss"]);
        Assert.False(callback.ContainsKey("error"));
        var code = callback["code"].ToString();
        Assert.NotEmpty(code);

        using var tokenResponse = await RedeemAsync(code, flow.CodeVerifier, RedirectUri);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var tokens = await ReadJsonAsync(tokenResponse);
        Assert.Equal("Bearer", tokens.RootElement.GetProperty("token_type").GetString());
        var idToken = tokens.RootElement.GetProperty("id_token").GetString()!;
        var accessToken = tokens.RootElement.GetProperty("access_token").GetString()!;

        using var payload = JwtPayload(idToken);
        var claims = payload.RootElement;
        Assert.Equal("alice-sub", claims.GetProperty("sub").GetString());
        Assert.Equal("Alice Example", claims.GetProperty("name").GetString());
        Assert.Equal("alice@example.org", claims.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.True, claims.GetProperty("email_verified").ValueKind);
        Assert.Equal(flow.Nonce, claims.GetProperty("nonce").GetString());
        Assert.Equal(TestOpenIdProvider.ClientId, claims.GetProperty("aud").GetString());
        Assert.Equal(_provider.Authority.AbsoluteUri, claims.GetProperty("iss").GetString());

        // The id_token's signature verifies against the published key set, as a relying party checks it.
        var keySet = new JsonWebKeySet(await _http.GetStringAsync(".well-known/jwks"));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = _provider.Authority.AbsoluteUri,
            ValidAudience = TestOpenIdProvider.ClientId,
            IssuerSigningKeys = keySet.GetSigningKeys(),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);

        // The access token is a signed JWT (not encrypted) and works at the userinfo endpoint.
        Assert.Equal(3, accessToken.Split('.').Length);
        using var userInfoRequest = new HttpRequestMessage(HttpMethod.Get, "connect/userinfo");
        userInfoRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var userInfoResponse = await _http.SendAsync(userInfoRequest);
        Assert.Equal(HttpStatusCode.OK, userInfoResponse.StatusCode);
        using var userInfo = await ReadJsonAsync(userInfoResponse);
        Assert.Equal("alice-sub", userInfo.RootElement.GetProperty("sub").GetString());
        Assert.Equal("Alice Example", userInfo.RootElement.GetProperty("name").GetString());
        Assert.Equal("alice@example.org", userInfo.RootElement.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.True, userInfo.RootElement.GetProperty("email_verified").ValueKind);

        Assert.Equal(1, _provider.AuthorizationRequestCount);
        Assert.Equal(1, _provider.TokenRequestCount);
        Assert.Equal(1, _provider.UserInfoRequestCount);
        Assert.Equal("S256", _provider.LastAuthorizationRequest?["code_challenge_method"]);
    }

    [Fact]
    public async Task Client_secret_basic_is_accepted_and_a_code_can_be_redeemed_only_once()
    {
        var flow = AuthorizationFlow.Create();
        var code = await SignInAsync(flow, "bob");

        using var first = await RedeemAsync(code, flow.CodeVerifier, RedirectUri, basic: true);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var tokens = await ReadJsonAsync(first);
        using var payload = JwtPayload(tokens.RootElement.GetProperty("id_token").GetString()!);
        Assert.Equal("bob-sub", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal("Bob Example", payload.RootElement.GetProperty("name").GetString());
        Assert.Equal("bob@example.org", payload.RootElement.GetProperty("email").GetString());

        using var replay = await RedeemAsync(code, flow.CodeVerifier, RedirectUri, basic: true);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal("invalid_grant", await ErrorAsync(replay));
        Assert.Equal(2, _provider.TokenRequestCount);
    }

    [Fact]
    public async Task Cancel_redirects_to_the_client_with_access_denied_and_the_state()
    {
        var flow = AuthorizationFlow.Create();
        var page = await GetConsentPageAsync(flow.AuthorizeUrl(RedirectUri));

        using var decision = await SubmitAsync(page, "oidc_cancel", "cancel");

        var callback = AssertRedirectTo(decision, RedirectUri);
        Assert.Equal("access_denied", callback["error"]);
        Assert.Equal(flow.State, callback["state"]);
        Assert.False(callback.ContainsKey("code"));
    }

    [Fact]
    public async Task Prompt_none_returns_login_required_to_the_client()
    {
        var flow = AuthorizationFlow.Create();

        using var response = await _http.GetAsync(flow.AuthorizeUrl(RedirectUri, extra: new() { ["prompt"] = "none" }));

        var callback = AssertRedirectTo(response, RedirectUri);
        Assert.Equal("login_required", callback["error"]);
        Assert.Equal(flow.State, callback["state"]);
    }

    [Theory]
    [InlineData(false, "wrong-secret")]
    [InlineData(true, "wrong-secret")]
    [InlineData(false, null)]
    public async Task A_wrong_or_missing_client_secret_is_rejected_with_invalid_client(bool basic, string? secret)
    {
        var flow = AuthorizationFlow.Create();
        var code = await SignInAsync(flow, "alice");

        using var rejected = await RedeemAsync(code, flow.CodeVerifier, RedirectUri, basic, secret);

        Assert.Contains(rejected.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("invalid_client", await ErrorAsync(rejected));

        // The rejection did not consume the code: the real client still redeems it.
        using var accepted = await RedeemAsync(code, flow.CodeVerifier, RedirectUri, basic);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_never_redirected_to()
    {
        const string evil = "http://127.0.0.1:5999/api/auth/callback/evil";
        var flow = AuthorizationFlow.Create();

        using var response = await _http.GetAsync(flow.AuthorizeUrl(evil));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("redirect_uri", body, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"oidc-allow-", body, StringComparison.Ordinal);

        // Nor when the consent form's hidden redirect_uri is tampered with.
        var page = await GetConsentPageAsync(flow.AuthorizeUrl(RedirectUri));
        using var tampered = await SubmitAsync(page with { Fields = page.Replace("redirect_uri", evil) }, "oidc_user", "alice");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Null(tampered.Headers.Location);
        Assert.Contains("redirect_uri", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_client_id_is_rejected_without_redirect()
    {
        var flow = AuthorizationFlow.Create();

        using var response = await _http.GetAsync(flow.AuthorizeUrl(RedirectUri, clientId: "someone-else"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("client_id", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authorization_request_without_pkce_is_rejected()
    {
        var flow = AuthorizationFlow.Create();

        using var response = await _http.GetAsync(flow.AuthorizeUrl(RedirectUri, pkce: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("code_challenge", body, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"oidc-allow-", body, StringComparison.Ordinal);
        Assert.Equal(1, _provider.AuthorizationRequestCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a-code-verifier-that-does-not-match-the-code-challenge-at-all")]
    public async Task A_token_request_without_the_matching_code_verifier_is_rejected(string? verifier)
    {
        var flow = AuthorizationFlow.Create();
        var code = await SignInAsync(flow, "alice");

        using var response = await RedeemAsync(code, verifier, RedirectUri);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(await ErrorAsync(response), new[] { "invalid_grant", "invalid_request" });
        Assert.DoesNotContain("id_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_request_with_another_redirect_uri_is_rejected()
    {
        var other = "http://127.0.0.1:6000/api/auth/callback/oidc";
        _provider.AllowRedirectUri(other);
        var flow = AuthorizationFlow.Create();
        var code = await SignInAsync(flow, "alice");

        using var response = await RedeemAsync(code, flow.CodeVerifier, other);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", await ErrorAsync(response));
    }

    [Fact]
    public async Task Form_post_response_mode_posts_the_code_and_state_to_the_redirect_uri()
    {
        // ASP.NET Core's OpenIdConnect handler asks for response_mode=form_post by default.
        var flow = AuthorizationFlow.Create();
        var page = await GetConsentPageAsync(flow.AuthorizeUrl(RedirectUri, extra: new() { ["response_mode"] = "form_post" }));

        using var decision = await SubmitAsync(page, "oidc_user", "alice");

        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var html = await decision.Content.ReadAsStringAsync();
        Assert.Matches($"<form [^>]*action=\"{Regex.Escape(RedirectUri)}\"", html);
        var fields = InputRegex().Matches(html).ToDictionary(match => WebUtility.HtmlDecode(match.Groups["name"].Value), match => WebUtility.HtmlDecode(match.Groups["value"].Value));
        Assert.Equal(flow.State, fields["state"]);
        Assert.False(string.IsNullOrEmpty(fields["code"]));

        using var tokenResponse = await RedeemAsync(fields["code"], flow.CodeVerifier, RedirectUri);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
    }

    [Fact]
    public async Task A_user_added_after_start_is_offered_and_signed_in_with_their_claims()
    {
        var carol = _provider.AddUser("carol-sub", "Carol Example", "carol@example.org", emailVerified: false);
        Assert.Equal("carol", carol.Username);
        Assert.Equal(["alice", "bob", "carol"], _provider.Users.Select(user => user.Username));

        var flow = AuthorizationFlow.Create();
        var page = await GetConsentPageAsync(flow.AuthorizeUrl(RedirectUri));
        Assert.Contains("oidc-allow-carol", page.TestIds);

        using var decision = await SubmitAsync(page, "oidc_user", "carol");
        var code = AssertRedirectTo(decision, RedirectUri)["code"].ToString();
        using var tokenResponse = await RedeemAsync(code, flow.CodeVerifier, RedirectUri);
        using var tokens = await ReadJsonAsync(tokenResponse);
        using var payload = JwtPayload(tokens.RootElement.GetProperty("id_token").GetString()!);
        Assert.Equal("carol-sub", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal("Carol Example", payload.RootElement.GetProperty("name").GetString());
        Assert.Equal("carol@example.org", payload.RootElement.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.False, payload.RootElement.GetProperty("email_verified").ValueKind);
    }

    [Fact]
    public async Task Claims_follow_the_granted_scopes()
    {
        // ASP.NET Core's OpenIdConnect handler requests "openid profile" unless "email" is added.
        var flow = AuthorizationFlow.Create();
        var code = await SignInAsync(flow, "alice", scope: "openid profile");

        using var tokenResponse = await RedeemAsync(code, flow.CodeVerifier, RedirectUri);
        using var tokens = await ReadJsonAsync(tokenResponse);
        using var payload = JwtPayload(tokens.RootElement.GetProperty("id_token").GetString()!);

        Assert.Equal("alice-sub", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal("Alice Example", payload.RootElement.GetProperty("name").GetString());
        Assert.False(payload.RootElement.TryGetProperty("email", out _));
        Assert.False(payload.RootElement.TryGetProperty("email_verified", out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123/api/auth/callback/oidc", true)]
    [InlineData("http://localhost:41234/api/auth/callback/oidc", true)]
    [InlineData("https://127.0.0.1:5123/api/auth/callback/oidc", false)]
    [InlineData("http://example.org:5123/api/auth/callback/oidc", false)]
    [InlineData("http://127.0.0.1:5123/api/auth/callback/github", false)]
    [InlineData("http://127.0.0.1:5123/api/auth/callback/oidc?next=/", false)]
    [InlineData("http://user@127.0.0.1:5123/api/auth/callback/oidc", false)]
    public void The_loopback_policy_accepts_only_the_site_callback_on_a_loopback_host(string redirectUri, bool expected) =>
        Assert.Equal(expected, TestOpenIdProvider.IsLoopbackCallback(new Uri(redirectUri)));

    [Fact]
    public async Task A_provider_started_with_the_loopback_policy_accepts_the_callback_on_any_port()
    {
        await using var provider = await TestOpenIdProvider.StartAsync(TestOpenIdProvider.IsLoopbackCallback);
        using var http = CreateClient(provider);
        var flow = AuthorizationFlow.Create();

        using var allowed = await http.GetAsync(flow.AuthorizeUrl("http://localhost:47001/api/auth/callback/oidc"));
        using var refused = await http.GetAsync(flow.AuthorizeUrl("http://localhost:47001/somewhere-else"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("data-testid=\"oidc-allow-alice\"", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotEqual(_provider.Authority, provider.Authority);
    }

    private static HttpClient CreateClient(TestOpenIdProvider provider) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = provider.Authority };

    /// <summary>Runs the front channel as alice/bob/...: authorize, consent, redirect; returns the code.</summary>
    private async Task<string> SignInAsync(AuthorizationFlow flow, string username, string scope = "openid profile email")
    {
        var page = await GetConsentPageAsync(flow.AuthorizeUrl(RedirectUri, scope: scope));
        using var decision = await SubmitAsync(page, "oidc_user", username);
        var callback = AssertRedirectTo(decision, RedirectUri);
        Assert.Equal(flow.State, callback["state"]);
        return callback["code"].ToString();
    }

    private async Task<ConsentForm> GetConsentPageAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected the consent page, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);

        var action = FormRegex().Match(html);
        Assert.True(action.Success, "The consent page has no POST form.");
        var fields = InputRegex().Matches(html)
            .Select(match => KeyValuePair.Create(WebUtility.HtmlDecode(match.Groups["name"].Value), WebUtility.HtmlDecode(match.Groups["value"].Value)))
            .ToList();
        var testIds = TestIdRegex().Matches(html).Select(match => match.Groups["id"].Value).ToList();
        return new ConsentForm(html, WebUtility.HtmlDecode(action.Groups["action"].Value), fields, testIds);
    }

    private async Task<HttpResponseMessage> SubmitAsync(ConsentForm form, string button, string value)
    {
        var fields = form.Fields.Append(KeyValuePair.Create(button, value));
        return await _http.PostAsync(form.Action, new FormUrlEncodedContent(fields));
    }

    private async Task<HttpResponseMessage> RedeemAsync(string code, string? codeVerifier, string redirectUri, bool basic = false, string? secret = TestOpenIdProvider.ClientSecret)
    {
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
        };
        if (codeVerifier is not null)
        {
            fields["code_verifier"] = codeVerifier;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "connect/token");
        if (basic)
        {
            // RFC 6749 §2.3.1: form-urlencode each part, then base64 "id:secret".
            var credentials = $"{Uri.EscapeDataString(TestOpenIdProvider.ClientId)}:{Uri.EscapeDataString(secret ?? string.Empty)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            fields["client_id"] = TestOpenIdProvider.ClientId;
            if (secret is not null)
            {
                fields["client_secret"] = secret;
            }
        }

        request.Content = new FormUrlEncodedContent(fields);
        return await _http.SendAsync(request);
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> AssertRedirectTo(HttpResponseMessage response, string redirectUri)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a 302 to the client, got {(int)response.StatusCode}.");
        var location = response.Headers.Location?.ToString() ?? string.Empty;
        Assert.StartsWith(redirectUri + "?", location, StringComparison.Ordinal);
        return QueryHelpers.ParseQuery(new Uri(location).Query);
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private static async Task<string?> ErrorAsync(HttpResponseMessage response)
    {
        using var json = await ReadJsonAsync(response);
        return json.RootElement.GetProperty("error").GetString();
    }

    private static JsonDocument JwtPayload(string jwt)
    {
        var token = new JsonWebTokenHandler().ReadJsonWebToken(jwt);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload));
    }

    private static List<string> Strings(JsonElement root, string property) =>
        root.GetProperty(property).EnumerateArray().Select(element => element.GetString()!).ToList();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">")]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex InputRegex();

    [GeneratedRegex("data-testid=\"(?<id>[^\"]+)\"")]
    private static partial Regex TestIdRegex();

    private sealed record ConsentForm(string Html, string Action, IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<string> TestIds)
    {
        public string? Hidden(string name) => Fields.Where(field => field.Key == name).Select(field => field.Value).SingleOrDefault();

        public IReadOnlyList<KeyValuePair<string, string>> Replace(string name, string value) =>
            [.. Fields.Select(field => field.Key == name ? KeyValuePair.Create(name, value) : field)];
    }

    /// <summary>The client's per-sign-in secrets: state, nonce and the PKCE verifier/challenge (S256).</summary>
    private sealed record AuthorizationFlow(string State, string Nonce, string CodeVerifier, string CodeChallenge)
    {
        public static AuthorizationFlow Create()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            return new AuthorizationFlow(
                Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
                Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
                verifier,
                challenge);
        }

        public string AuthorizeUrl(
            string redirectUri,
            string scope = "openid profile email",
            string clientId = TestOpenIdProvider.ClientId,
            bool pkce = true,
            Dictionary<string, string?>? extra = null)
        {
            var parameters = new Dictionary<string, string?>
            {
                ["client_id"] = clientId,
                ["redirect_uri"] = redirectUri,
                ["response_type"] = "code",
                ["scope"] = scope,
                ["state"] = State,
                ["nonce"] = Nonce,
            };
            if (pkce)
            {
                parameters["code_challenge"] = CodeChallenge;
                parameters["code_challenge_method"] = "S256";
            }

            foreach (var (name, value) in extra ?? [])
            {
                parameters[name] = value;
            }

            return QueryHelpers.AddQueryString("connect/authorize", parameters);
        }
    }
}
