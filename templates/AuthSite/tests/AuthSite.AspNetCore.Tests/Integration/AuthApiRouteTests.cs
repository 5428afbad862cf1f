using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>The read-only routes of <c>/api/auth/*</c> with NextAuth's JSON shapes and headers (design §4).</summary>
public partial class AuthApiRouteTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    // The session lifetime the contract fixes by default (NextAuth's maxAge, 30 days).
    private static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(30);

    [Fact]
    public async Task Csrf_ReturnsATokenAndACookieThatVerifiesAgainstTheSecret()
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/csrf");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["csrfToken"], body!.Select(p => p.Key));
        var token = (string)body!["csrfToken"]!;
        Assert.Matches("^[0-9a-f]{64}$", token);

        var cookie = SetCookies.Named(response, site.CsrfCookieName());
        Assert.NotNull(cookie);
        var value = Uri.UnescapeDataString(cookie.Value.ToString());
        var secret = site.SessionAuthOptions().Secrets[0];
        Assert.Equal(token + "|" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token + secret))), value);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        AssertNoCache(response);
    }

    [Fact]
    public async Task Csrf_SecondCall_ReusesTheCookiesTokenWithoutANewCookie()
    {
        using var client = site.CreateSiteClient();
        var first = await client.GetCsrfTokenAsync();

        using var response = await client.Http.GetAsync("/api/auth/csrf");
        var second = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["csrfToken"];

        Assert.Equal(first, second);
        Assert.Null(SetCookies.Named(response, site.CsrfCookieName()));
    }

    [Fact]
    public async Task Csrf_ACookieThatDoesNotVerify_IsReplacedByANewToken()
    {
        using var client = site.CreateRawClient();
        var forgedToken = new string('a', 64);
        var forged = $"{site.CsrfCookieName()}={Uri.EscapeDataString(forgedToken + "|" + new string('0', 64))}";

        using var response = await client.SendAsync(Requests.Get("/api/auth/csrf", forged));
        var token = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["csrfToken"];

        Assert.NotEqual(forgedToken, token);
        Assert.NotNull(SetCookies.Named(response, site.CsrfCookieName()));
    }

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("https://localhost")]
    public async Task Providers_ListsCredentialsInNextAuthsShape(string origin)
    {
        using var client = site.CreateRawClient(origin);

        using var response = await client.GetAsync("/api/auth/providers");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = new JsonObject
        {
            ["credentials"] = new JsonObject
            {
                ["id"] = "credentials",
                ["name"] = "Credentials",
                ["type"] = "credentials",
                ["signinUrl"] = $"{origin}/api/auth/signin/credentials",
                ["callbackUrl"] = $"{origin}/api/auth/callback/credentials",
            },
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(body)), body);
    }

    [Fact]
    public async Task Session_Anonymous_IsAnEmptyObjectThatIsNeverCached()
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/session");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        AssertNoCache(response);
    }

    [Theory]
    [InlineData(DemoUsers.User, "user")]
    [InlineData(DemoUsers.Admin, "admin")]
    public async Task Session_SignedIn_HasNextAuthsShapeWithTheRole(string email, string role)
    {
        var stored = site.Users.Find(email);
        using var client = site.CreateSiteClient();
        var signedInAt = site.Time.GetUtcNow();
        (await client.SignInAsync(email)).Dispose();

        using var response = await client.Http.GetAsync("/api/auth/session");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNoCache(response);
        Assert.Equal(["expires", "user"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        var user = body["user"]!.AsObject();
        Assert.Equal(["email", "image", "name", "role"], user.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(email, (string?)user["email"]);
        Assert.Equal(stored!.Name, (string?)user["name"]);
        Assert.Null(user["image"]);
        Assert.Equal(role, (string?)user["role"]);

        var expires = (string)body["expires"]!;
        Assert.Matches(IsoUtcWithMilliseconds(), expires);
        var expiresAt = DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(expiresAt, signedInAt + DefaultMaxAge - TimeSpan.FromSeconds(2), signedInAt + DefaultMaxAge + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task SignIn_Get_RedirectsToTheSignInPageWithTheValidatedCallbackUrl()
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/signin?callbackUrl=%2Fdashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/auth/signin?", location, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location[location.IndexOf('?', StringComparison.Ordinal)..]);
        Assert.Equal(new Uri("http://localhost/dashboard"), new Uri(query["callbackUrl"].ToString()));
    }

    [Fact]
    public async Task SignOut_Get_RedirectsToTheSignOutPage()
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/signout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/auth/signout", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("AccessDenied", "/auth/error")]
    [InlineData("Configuration", "/auth/error")]
    [InlineData("Verification", "/auth/error")]
    [InlineData("CredentialsSignin", "/auth/signin")]
    [InlineData("OAuthSignin", "/auth/signin")]
    public async Task Error_Get_SendsEachCodeToItsPage(string code, string page)
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/error?error=" + code);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Equal(page, location.Split('?')[0]);
        Assert.Equal(code, QueryHelpers.ParseQuery(location[location.IndexOf('?', StringComparison.Ordinal)..])["error"].ToString());
    }

    [Theory]
    [InlineData("GET", "/api/auth/nothing-here")]
    [InlineData("POST", "/api/auth/nothing-here")]
    [InlineData("GET", "/api/auth/callback/credentials")]
    [InlineData("GET", "/api/auth/callback/no-such-provider")]
    [InlineData("PUT", "/api/auth/session")]
    [InlineData("DELETE", "/api/auth/signout")]
    [InlineData("PATCH", "/api/auth/csrf")]
    [InlineData("PUT", "/api/auth/callback/credentials")]
    [InlineData("POST", "/api/auth/signin")]
    [InlineData("POST", "/api/auth/providers")]
    public async Task UnknownRoutesAndWrongMethods_AreAClear4xx(string method, string path)
    {
        using var client = site.CreateRawClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.InRange((int)response.StatusCode, 400, 499);
    }

    [Fact]
    public async Task CallbackCredentials_Get_Is405()
    {
        using var client = site.CreateRawClient();

        using var response = await client.GetAsync("/api/auth/callback/credentials");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private static void AssertNoCache(HttpResponseMessage response)
    {
        var cacheControl = response.Headers.CacheControl;
        Assert.NotNull(cacheControl);
        Assert.True(cacheControl.Private, $"Cache-Control: {cacheControl}");
        Assert.True(cacheControl.NoCache, $"Cache-Control: {cacheControl}");
        Assert.True(cacheControl.NoStore, $"Cache-Control: {cacheControl}");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtcWithMilliseconds();
}
