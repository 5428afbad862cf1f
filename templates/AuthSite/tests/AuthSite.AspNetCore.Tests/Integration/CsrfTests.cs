using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Design §4: every POST that changes state requires the CSRF token (double-submit: the cookie holds
/// <c>token|sha256(token+secret)</c>, the form sends <c>token</c>); without it nothing changes.
/// Each endpoint has a positive control (the same request with a valid token is accepted), so a refusal is never an accident.
/// </summary>
public class CsrfTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string AnotherSecret = "another-secret-that-is-long-enough-0123456789abcdef";
    private static readonly Uri Site = new("http://localhost/");

    public enum Attack
    {
        /// <summary>The cookie is there, the form has no <c>csrfToken</c>.</summary>
        MissingToken,

        /// <summary>The cookie is there, the form sends another token.</summary>
        WrongToken,

        /// <summary>The form sends a real token, but the request has no CSRF cookie (a cross-site form).</summary>
        TokenWithoutCookie,

        /// <summary>Token and cookie match, but the cookie's hash was made with a secret the site does not have.</summary>
        CookieHashForgedWithAnotherSecret,

        /// <summary>The cookie holds the bare token, without a hash.</summary>
        CookieWithoutHash,

        /// <summary>Empty token and a cookie of just the separator.</summary>
        EmptyTokenAndCookie,

        /// <summary>The right token, but in the query string (NextAuth reads it from the body only).</summary>
        TokenInQueryString,

        /// <summary>The right token, but in a header (NextAuth reads it from the body only).</summary>
        TokenInHeader,

        /// <summary>Another visitor's valid token with this visitor's valid cookie.</summary>
        TokenOfAnotherVisitor,
    }

    public static TheoryData<Attack> Attacks => new(Enum.GetValues<Attack>());

    [Fact]
    public async Task CredentialsCallback_WithAValidToken_SignsIn()
    {
        using var response = await PostCredentialsAsync(await ValidAsync());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(Site, "/dashboard"), new Uri(Site, response.Headers.Location!));
        Assert.True(SetCookies.Written(response).ContainsKey(site.SessionCookieName()));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task CredentialsCallback_WithoutAValidToken_SignsNobodyIn(Attack attack)
    {
        using var response = await PostCredentialsAsync(await PrepareAsync(attack));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("/auth/signin", location.AbsolutePath);
        Assert.Equal("true", QueryHelpers.ParseQuery(location.Query)["csrf"].ToString());
        Assert.DoesNotContain(SetCookies.Written(response).Keys, name => SetCookies.IsSessionCookie(name, site.SessionCookieName()));
    }

    [Fact]
    public async Task SignOut_WithAValidToken_ClearsTheSession()
    {
        var session = await site.SignInCookieHeaderAsync();

        using var response = await PostSignOutAsync(await ValidAsync(), session);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(site.SessionCookieName(), SetCookies.Deleted(response));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task SignOut_WithoutAValidToken_LeavesTheSessionAlone(Attack attack)
    {
        var session = await site.SignInCookieHeaderAsync();

        using var response = await PostSignOutAsync(await PrepareAsync(attack), session);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("/auth/signout", location.AbsolutePath);
        Assert.Equal("true", QueryHelpers.ParseQuery(location.Query)["csrf"].ToString());
        Assert.DoesNotContain(SetCookies.Of(response), cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), site.SessionCookieName()));
        Assert.Equal(DemoUsers.User, (string?)(await GetSessionAsync(session))["user"]?["email"]);
    }

    [Fact]
    public async Task SessionUpdate_WithAValidToken_UpdatesTheSession()
    {
        var session = await site.SignInCookieHeaderAsync();
        var name = "Updated " + Guid.NewGuid().ToString("N");

        using var response = await PostSessionUpdateAsync(await ValidAsync(), session, name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["user"]?["name"]);
        Assert.Contains(site.Callbacks.JwtCalls, call => call.Trigger == "update" && (string?)call.Session?["name"] == name);
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task SessionUpdate_WithoutAValidToken_Is400_AndNeverRunsTheUpdate(Attack attack)
    {
        var session = await site.SignInCookieHeaderAsync();
        var name = "Updated " + Guid.NewGuid().ToString("N");

        using var response = await PostSessionUpdateAsync(await PrepareAsync(attack), session, name);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(site.Callbacks.JwtCalls, call => (string?)call.Session?["name"] == name);
        Assert.DoesNotContain(SetCookies.Written(response).Keys, cookie => SetCookies.IsSessionCookie(cookie, site.SessionCookieName()));
        Assert.NotEqual(name, (string?)(await GetSessionAsync(session))["user"]?["name"]);
    }

    [Fact]
    public async Task SignInProvider_WithAValidToken_GoesToTheSignInPageWithTheCallbackUrl()
    {
        using var response = await PostSignInProviderAsync(await ValidAsync());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = QueryHelpers.ParseQuery(new Uri(Site, response.Headers.Location!).Query);
        Assert.False(query.ContainsKey("csrf"));
        Assert.Equal(new Uri(Site, "/dashboard"), new Uri(Site, query["callbackUrl"].ToString()));
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task SignInProvider_WithoutAValidToken_IsRefused(Attack attack)
    {
        using var response = await PostSignInProviderAsync(await PrepareAsync(attack));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(Site, response.Headers.Location!);
        Assert.Equal("/auth/signin", location.AbsolutePath);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("true", query["csrf"].ToString());
        Assert.False(query.ContainsKey("callbackUrl"));
        Assert.DoesNotContain(SetCookies.Written(response).Keys, name => SetCookies.IsSessionCookie(name, site.SessionCookieName()));
    }

    private async Task<HttpResponseMessage> PostCredentialsAsync(Forgery forgery)
    {
        using var client = site.CreateRawClient();
        var fields = forgery.Form(new() { ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password, ["callbackUrl"] = "/dashboard" });
        return await client.SendAsync(forgery.Apply(Requests.PostForm("/api/auth/callback/credentials" + forgery.Query, fields, forgery.Cookie)));
    }

    private async Task<HttpResponseMessage> PostSignOutAsync(Forgery forgery, string session)
    {
        using var client = site.CreateRawClient();
        var fields = forgery.Form(new() { ["callbackUrl"] = "/" });
        return await client.SendAsync(forgery.Apply(Requests.PostForm("/api/auth/signout" + forgery.Query, fields, session, forgery.Cookie)));
    }

    private async Task<HttpResponseMessage> PostSessionUpdateAsync(Forgery forgery, string session, string name)
    {
        using var client = site.CreateRawClient();
        var body = new JsonObject { ["data"] = new JsonObject { ["name"] = name } };
        if (forgery.Token is not null)
        {
            body["csrfToken"] = forgery.Token;
        }

        return await client.SendAsync(forgery.Apply(Requests.PostJson("/api/auth/session" + forgery.Query, body, session, forgery.Cookie)));
    }

    private async Task<HttpResponseMessage> PostSignInProviderAsync(Forgery forgery)
    {
        using var client = site.CreateRawClient();
        var fields = forgery.Form(new() { ["callbackUrl"] = "/dashboard" });
        return await client.SendAsync(forgery.Apply(Requests.PostForm("/api/auth/signin/credentials" + forgery.Query, fields, forgery.Cookie)));
    }

    private async Task<JsonObject> GetSessionAsync(string session)
    {
        using var client = site.CreateRawClient();
        using var response = await client.SendAsync(Requests.Get("/api/auth/session", session));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<Forgery> ValidAsync()
    {
        var pair = await site.GetCsrfPairAsync();
        return new Forgery(pair.Token, pair.Cookie);
    }

    private async Task<Forgery> PrepareAsync(Attack attack)
    {
        var pair = await site.GetCsrfPairAsync();
        var cookieName = site.CsrfCookieName();
        var randomToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return attack switch
        {
            Attack.MissingToken => new Forgery(null, pair.Cookie),
            Attack.WrongToken => new Forgery(randomToken, pair.Cookie),
            Attack.TokenWithoutCookie => new Forgery(pair.Token, null),
            Attack.CookieHashForgedWithAnotherSecret => new Forgery(randomToken, $"{cookieName}={Uri.EscapeDataString(randomToken + "|" + Hash(randomToken, AnotherSecret))}"),
            Attack.CookieWithoutHash => new Forgery(randomToken, $"{cookieName}={randomToken}"),
            Attack.EmptyTokenAndCookie => new Forgery("", $"{cookieName}={Uri.EscapeDataString("|")}"),
            Attack.TokenInQueryString => new Forgery(null, pair.Cookie, Query: "?csrfToken=" + pair.Token),
            Attack.TokenInHeader => new Forgery(null, pair.Cookie, Header: pair.Token),
            Attack.TokenOfAnotherVisitor => new Forgery((await site.GetCsrfPairAsync()).Token, pair.Cookie),
            _ => throw new ArgumentOutOfRangeException(nameof(attack)),
        };
    }

    private static string Hash(string token, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + secret)));

    /// <summary>What a request carries: the form's token, the CSRF cookie, and tokens in places the site must ignore.</summary>
    private sealed record Forgery(string? Token, string? Cookie, string Query = "", string? Header = null)
    {
        public Dictionary<string, string> Form(Dictionary<string, string> fields)
        {
            if (Token is not null)
            {
                fields["csrfToken"] = Token;
            }

            return fields;
        }

        public HttpRequestMessage Apply(HttpRequestMessage request)
        {
            if (Header is not null)
            {
                request.Headers.Add("X-CSRF-Token", Header);
                request.Headers.Add("csrfToken", Header);
            }

            return request;
        }
    }
}
