using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>An HTTP client for the site that speaks the sign-in flow the way a browser does.</summary>
public sealed class SiteClient(HttpClient http) : IDisposable
{
    /// <summary>The underlying client (cookies kept, redirects not followed).</summary>
    public HttpClient Http { get; } = http;

    /// <summary>Gets a CSRF token (and its cookie) from <c>/api/auth/csrf</c> of the site under <paramref name="pathBase"/>.</summary>
    public async Task<string> GetCsrfTokenAsync(string pathBase = "")
    {
        var body = await Http.GetFromJsonAsync<JsonObject>(pathBase + "/api/auth/csrf");
        return (string)body!["csrfToken"]!;
    }

    /// <summary>Posts the credentials form as the sign-in page does; returns the raw response.</summary>
    public Task<HttpResponseMessage> SignInAsync(string email, string password = "Password1!", string? callbackUrl = null) =>
        SignInUnderPathBaseAsync("", email, password, callbackUrl);

    /// <summary>Posts the credentials form to the site under <paramref name="pathBase"/> (e.g. <c>/app</c>).</summary>
    public async Task<HttpResponseMessage> SignInUnderPathBaseAsync(string pathBase, string email, string password = "Password1!", string? callbackUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["csrfToken"] = await GetCsrfTokenAsync(pathBase),
            ["email"] = email,
            ["password"] = password,
        };
        if (callbackUrl is not null)
        {
            fields["callbackUrl"] = callbackUrl;
        }

        return await Http.PostAsync(pathBase + "/api/auth/callback/credentials", new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts the sign-out form; returns the raw response.</summary>
    public async Task<HttpResponseMessage> SignOutAsync() =>
        await Http.PostAsync("/api/auth/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["csrfToken"] = await GetCsrfTokenAsync() }));

    /// <summary>The session JSON of <c>/api/auth/session</c> (<c>{}</c> when signed out).</summary>
    public async Task<JsonObject> GetSessionAsync() => (await Http.GetFromJsonAsync<JsonObject>("/api/auth/session"))!;

    public void Dispose() => Http.Dispose();
}
