using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;

namespace AuthSite.AspNetCore.Tests.Integration.Support;

/// <summary>
/// A browser signed in to a <see cref="SiteFactory"/> site (cookies kept, redirects not followed), with the session cookie's
/// value as the sign-in wrote it (<see cref="Token"/>), to replay it later by hand.
/// </summary>
public sealed class SignedInClient(SiteFactory site, SiteClient client, string token) : IDisposable
{
    /// <summary>The browser.</summary>
    public SiteClient Client { get; } = client;

    /// <summary>The session cookie's value the sign-in set.</summary>
    public string Token { get; } = token;

    /// <summary>Signs in as <paramref name="email"/> with the demo password, sending <paramref name="userAgent"/> and <paramref name="clientAddress"/> on every request.</summary>
    public static async Task<SignedInClient> SignInAsync(SiteFactory site, string email = DemoUsers.User, string? userAgent = null, string? clientAddress = null)
    {
        var client = site.CreateSiteClient();
        if (userAgent is not null)
        {
            client.Http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        }

        if (clientAddress is not null)
        {
            client.Http.DefaultRequestHeaders.Add(SiteFactory.ClientAddressHeader, clientAddress);
        }

        using var response = await client.SignInAsync(email, DemoUsers.Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = SetCookies.Named(response, site.SessionCookieName());
        Assert.NotNull(cookie);
        return new SignedInClient(site, client, cookie.Value.ToString());
    }

    /// <summary>The status of <c>GET /api/example</c> from this browser: 200 signed in, 401 not.</summary>
    public async Task<HttpStatusCode> ExampleStatusAsync()
    {
        using var response = await Client.Http.GetAsync("/api/example");
        return response.StatusCode;
    }

    /// <summary><c>GET /api/auth/sessions</c>, which must answer 200.</summary>
    public async Task<JsonArray> ListAsync()
    {
        using var response = await Client.Http.GetAsync("/api/auth/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonArray>())!;
    }

    /// <summary>The id of this browser's session, as the session list marks it.</summary>
    public async Task<string> CurrentIdAsync() =>
        (string)(await ListAsync()).Single(session => (bool)session!["current"]!)!["id"]!;

    /// <summary>Posts a form to <paramref name="path"/> with this browser's CSRF token (or <paramref name="csrfToken"/>, or none when empty).</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string>? fields = null, string? csrfToken = null)
    {
        fields = new Dictionary<string, string>(fields ?? []);
        var token = csrfToken ?? await Client.GetCsrfTokenAsync();
        if (token.Length > 0)
        {
            fields["csrfToken"] = token;
        }

        return await Client.Http.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>The status of <c>GET <paramref name="path"/></c> with only <paramref name="token"/> as the session cookie, on <paramref name="on"/> (default: this site).</summary>
    public async Task<HttpResponseMessage> ReplayAsync(string path, string? token = null, SiteFactory? on = null)
    {
        var target = on ?? site;
        using var raw = target.CreateRawClient();
        return await raw.SendAsync(Requests.Get(path, $"{target.SessionCookieName()}={token ?? Token}"));
    }

    public void Dispose() => Client.Dispose();
}
