using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using Company.WebApplication1.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Company.WebApplication1.Tests.Integration.Support;

/// <summary>
/// Helpers on top of a site's <see cref="WebApplicationFactory{TEntryPoint}"/> (the site's tests and the engine's share them):
/// the site's own cookie names and secrets, raw clients, signed-in cookies.
/// </summary>
public static class SiteFactoryExtensions
{
    /// <summary>The options the running site uses (cookie names, secrets, lifetimes).</summary>
    public static SessionAuthOptions SessionAuthOptions<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class =>
        factory.Services.GetRequiredService<IOptions<SessionAuthOptions>>().Value;

    /// <summary>The session cookie's name: <c>__Secure-</c> prefixed when secure (design §4).</summary>
    public static string SessionCookieName<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, bool secure = false)
        where TEntryPoint : class =>
        (secure ? "__Secure-" : "") + factory.SessionAuthOptions().Cookies.SessionToken;

    /// <summary>The CSRF cookie's name: <c>__Host-</c> prefixed when secure.</summary>
    public static string CsrfCookieName<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, bool secure = false)
        where TEntryPoint : class =>
        (secure ? "__Host-" : "") + factory.SessionAuthOptions().Cookies.CsrfToken;

    /// <summary>A client that neither keeps cookies nor follows redirects: every cookie is sent by hand.</summary>
    public static HttpClient CreateRawClient<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, string baseAddress = "http://localhost")
        where TEntryPoint : class =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(baseAddress) });

    /// <summary>Signs in through the credentials endpoint and returns the session cookie(s) as a <c>Cookie</c> header value.</summary>
    public static async Task<string> SignInCookieHeaderAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, string email = DemoUsers.User, string password = DemoUsers.Password)
        where TEntryPoint : class
    {
        using var client = new SiteClient(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        using var response = await client.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var name = factory.SessionCookieName();
        var cookies = SetCookies.Written(response).Values.Where(cookie => SetCookies.IsSessionCookie(cookie.Name.ToString(), name)).ToList();
        Assert.NotEmpty(cookies);
        return string.Join("; ", cookies.Select(cookie => $"{cookie.Name}={cookie.Value}"));
    }

    /// <summary>A CSRF token and the cookie that goes with it, from <c>GET /api/auth/csrf</c> on a fresh client.</summary>
    public static async Task<CsrfPair> GetCsrfPairAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, bool secure = false, string baseAddress = "http://localhost")
        where TEntryPoint : class
    {
        using var client = factory.CreateRawClient(baseAddress);
        using var response = await client.GetAsync("/api/auth/csrf");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var cookie = SetCookies.Named(response, factory.CsrfCookieName(secure));
        Assert.NotNull(cookie);
        return new CsrfPair((string)body!["csrfToken"]!, $"{cookie.Name}={cookie.Value}");
    }
}
