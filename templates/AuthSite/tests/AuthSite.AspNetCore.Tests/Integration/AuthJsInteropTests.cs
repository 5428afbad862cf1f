using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using AuthSite.AspNetCore.Tests.Tokens;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Configured with the cookie name <c>authjs.session-token</c> and the same secret, the site reads the session cookie an
/// Auth.js app wrote (the tokens of <c>session-tokens.json</c>, made by Auth.js).
/// </summary>
public class AuthJsInteropTests
{
    public static TheoryData<string> AuthJsSessions => new(
        SessionTokenVectors.InGroup(SessionTokenVectors.AuthJs)
            .Where(vector => vector.Valid && vector.Salt is "authjs.session-token" or "__Secure-authjs.session-token")
            .Select(vector => vector.Name));

    [Theory]
    [MemberData(nameof(AuthJsSessions))]
    public async Task AnAuthJsSessionCookie_IsASessionHere(string name)
    {
        var vector = SessionTokenVectors.Get(name);
        var secure = vector.Salt!.StartsWith("__Secure-", StringComparison.Ordinal);
        using var site = new SiteFactory();
        // A minute after Auth.js issued it: inside UpdateAge, so the reading is the decode, not a refresh.
        site.Time.AdjustTime(DateTimeOffset.FromUnixTimeSeconds((long)vector.Payload!["iat"]!) + TimeSpan.FromMinutes(1));
        site.Settings["Auth:Secret"] = vector.Secrets[0];
        for (var i = 1; i < vector.Secrets.Count; i++)
        {
            site.Settings[$"Auth:Secrets:{i - 1}"] = vector.Secrets[i];
        }

        site.Settings["Auth:Cookies:SessionToken"] = "authjs.session-token";
        using var client = site.CreateRawClient(secure ? "https://localhost" : "http://localhost");

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", $"{vector.Salt}={vector.Token}"));
        var session = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var payload = vector.Payload!;
        Assert.Equal((string?)payload["email"], (string?)session["user"]?["email"]);
        Assert.Equal((string?)payload["name"], (string?)session["user"]?["name"]);
        Assert.Equal((string?)payload["picture"], (string?)session["user"]?["image"]);
        Assert.Equal((string?)payload["role"], (string?)session["user"]?["role"]);
        Assert.DoesNotContain(vector.Salt, SetCookies.Deleted(response));
    }

    [Fact]
    public async Task InvalidAuthJsVectors_AreNoSession()
    {
        var invalid = SessionTokenVectors.InGroup(SessionTokenVectors.AuthJs).Where(vector => !vector.Valid).ToList();
        Assert.NotEmpty(invalid);

        foreach (var vector in invalid)
        {
            using var site = new SiteFactory();
            site.Settings["Auth:Secret"] = vector.Secrets[0];
            // The cookie name is the salt the vector is to be decoded with.
            site.Settings["Auth:Cookies:SessionToken"] = vector.Salt;
            using var client = site.CreateRawClient();

            using var response = await client.SendAsync(Requests.Get("/api/auth/session", $"{vector.Salt}={vector.Token}"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True("{}" == await response.Content.ReadAsStringAsync(), $"{vector.Name} ({vector.Salt}, {vector.Secrets.Count} secrets) was accepted");
        }
    }
}
