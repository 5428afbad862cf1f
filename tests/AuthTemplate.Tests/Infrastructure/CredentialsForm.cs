using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AuthTemplate.Tests.Infrastructure;

/// <summary>Credentials sign-in as the site's sign-in page does it, through <c>/api/auth/*</c>.</summary>
internal static class CredentialsForm
{
    /// <summary>The CSRF token of <c>GET {pathBase}/api/auth/csrf</c> (the client keeps the cookie that goes with it).</summary>
    public static async Task<string> CsrfTokenAsync(HttpClient client, string pathBase) =>
        (string)(await client.GetFromJsonAsync<JsonObject>(pathBase + "/api/auth/csrf"))!["csrfToken"]!;

    /// <summary>
    /// Posts the credentials form (<c>csrfToken</c>, <c>email</c>, <c>password</c>, <c>callbackUrl</c>) to
    /// <c>{pathBase}/api/auth/callback/credentials</c>; success is a 302 to the callback URL with the session cookie.
    /// </summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string pathBase, string email, string password, string callbackUrl) =>
        await client.PostAsync(pathBase + "/api/auth/callback/credentials", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrfToken"] = await CsrfTokenAsync(client, pathBase),
            ["email"] = email,
            ["password"] = password,
            ["callbackUrl"] = callbackUrl,
        }));

    /// <summary>The session cookie a response sets; throws when it sets none.</summary>
    public static SetCookie SessionCookie(HttpResponseMessage response)
    {
        var cookies = SetCookie.All(response.Headers);
        return cookies.SingleOrDefault(c => c.Name.Contains("session-token", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("No session cookie was set: " + string.Join(", ", cookies));
    }
}
