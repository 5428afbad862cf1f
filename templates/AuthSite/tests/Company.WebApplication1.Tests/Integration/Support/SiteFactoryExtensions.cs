using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using Company.WebApplication1.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>The demo accounts of design §4 (inputs the contract fixes, not outputs of the site).</summary>
public static class DemoUsers
{
    public const string User = "user@example.com";
    public const string Admin = "admin@example.com";
    public const string Password = "Password1!";
}

/// <summary>Helpers on top of <see cref="SiteFactory"/>: the site's own cookie names and secrets, raw clients, signed-in cookies.</summary>
public static class SiteFactoryExtensions
{
    /// <summary>The options the running site uses (cookie names, secrets, lifetimes).</summary>
    public static SessionAuthOptions SessionAuthOptions(this SiteFactory factory) =>
        factory.Services.GetRequiredService<IOptions<SessionAuthOptions>>().Value;

    /// <summary>The session cookie's name: <c>__Secure-</c> prefixed when secure (design §4).</summary>
    public static string SessionCookieName(this SiteFactory factory, bool secure = false) =>
        (secure ? "__Secure-" : "") + factory.SessionAuthOptions().Cookies.SessionToken;

    /// <summary>The CSRF cookie's name: <c>__Host-</c> prefixed when secure.</summary>
    public static string CsrfCookieName(this SiteFactory factory, bool secure = false) =>
        (secure ? "__Host-" : "") + factory.SessionAuthOptions().Cookies.CsrfToken;

    /// <summary>A client that neither keeps cookies nor follows redirects: every cookie is sent by hand.</summary>
    public static HttpClient CreateRawClient(this SiteFactory factory, string baseAddress = "http://localhost") =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(baseAddress) });

    /// <summary>Signs in through the credentials endpoint and returns the session cookie(s) as a <c>Cookie</c> header value.</summary>
    public static async Task<string> SignInCookieHeaderAsync(this SiteFactory factory, string email = DemoUsers.User, string password = DemoUsers.Password)
    {
        using var client = factory.CreateSiteClient();
        using var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var name = factory.SessionCookieName();
        var cookies = SetCookies.Written(response).Values.Where(cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), name)).ToList();
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies.Select(cookie => $"{cookie.Name}={cookie.Value}"));
    }

    /// <summary>A CSRF token and the cookie that goes with it, from <c>GET /api/auth/csrf</c> on a fresh client.</summary>
    public static async Task<CsrfPair> GetCsrfPairAsync(this SiteFactory factory, bool secure = false, string baseAddress = "http://localhost")
    {
        using var client = factory.CreateRawClient(baseAddress);
        using var response = await client.GetAsync("/api/auth/csrf");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var cookie = SetCookies.Named(response, factory.CsrfCookieName(secure));
        Assert.NotNull(cookie);
        return new CsrfPair((string)body!["csrfToken"]!, $"{cookie.Name}={cookie.Value}");
    }
}

/// <summary>A CSRF token (what a form sends) and its cookie (<c>name=value</c>, as a <c>Cookie</c> header fragment).</summary>
public sealed record CsrfPair(string Token, string Cookie);

/// <summary>Requests with hand-made <c>Cookie</c> headers.</summary>
public static class Requests
{
    public static HttpRequestMessage Get(string url, params string?[] cookies) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Get, url), cookies);

    public static HttpRequestMessage PostForm(string url, IDictionary<string, string> fields, params string?[] cookies) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) }, cookies);

    public static HttpRequestMessage PostJson(string url, JsonNode body, params string?[] cookies) =>
        WithCookies(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") }, cookies);

    private static HttpRequestMessage WithCookies(HttpRequestMessage request, string?[] cookies)
    {
        var header = string.Join("; ", cookies.Where(cookie => !string.IsNullOrEmpty(cookie)));
        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }

        return request;
    }
}
