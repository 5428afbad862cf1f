using System.Net;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Secret rotation: the first secret encrypts, every secret decrypts. Two sites share cookie values, as one site
/// would before and after its configuration changes from secret A to secrets [B, A].
/// </summary>
public sealed class SecretRotationTests : IDisposable
{
    private const string SecretA = "rotation-secret-A-5b0e8c1f7d2a4e6b9c3f0a8d1e7b4c2f";
    private const string SecretB = "rotation-secret-B-e2c7a9f1b4d8036e5a1c9f7b2d4e8a60";

    private readonly SiteFactory _onlyA = Site(SecretA);
    private readonly SiteFactory _rotated = Site(SecretB, SecretA);
    private readonly SiteFactory _onlyB = Site(SecretB);

    public void Dispose()
    {
        _onlyA.Dispose();
        _rotated.Dispose();
        _onlyB.Dispose();
    }

    [Fact]
    public void TheRotatedSite_HasSecretsBThenA()
    {
        Assert.Equal([SecretB, SecretA], _rotated.SessionAuthOptions().Secrets);
    }

    [Fact]
    public async Task ACookieMadeUnderA_StillReads_AfterTheSecretsBecomeBThenA()
    {
        var cookie = await _onlyA.SignInCookieHeaderAsync();

        Assert.Equal(DemoUsers.User, await EmailAsync(_rotated, cookie));
    }

    [Fact]
    public async Task ACookieMadeUnderA_DoesNotRead_WhereAIsGone()
    {
        var cookie = await _onlyA.SignInCookieHeaderAsync();

        Assert.Null(await EmailAsync(_onlyB, cookie));
    }

    [Fact]
    public async Task NewCookies_AreMadeWithTheFirstSecret()
    {
        var cookie = await _rotated.SignInCookieHeaderAsync();

        Assert.Equal(DemoUsers.User, await EmailAsync(_onlyB, cookie));
        Assert.Null(await EmailAsync(_onlyA, cookie));
    }

    [Fact]
    public async Task ARenewedCookie_MovesToTheFirstSecret()
    {
        var cookie = await _onlyA.SignInCookieHeaderAsync();
        _rotated.Time.Advance(TimeSpan.FromDays(2));
        using var client = _rotated.CreateRawClient();

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", cookie));

        var renewed = SetCookies.Written(response).GetValueOrDefault(_rotated.SessionCookieName());
        Assert.NotNull(renewed);
        var renewedCookie = $"{renewed.Name}={renewed.Value}";
        _onlyB.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(DemoUsers.User, await EmailAsync(_onlyB, renewedCookie));
    }

    [Fact]
    public async Task ACsrfCookieMadeUnderA_IsStillAccepted_AfterRotation()
    {
        var csrf = await _onlyA.GetCsrfPairAsync();
        using var client = _rotated.CreateRawClient();
        var fields = new Dictionary<string, string> { ["csrfToken"] = csrf.Token, ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password };

        using var response = await client.SendAsync(Requests.PostForm("/api/auth/callback/credentials", fields, csrf.Cookie));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(SetCookies.Written(response).ContainsKey(_rotated.SessionCookieName()));
    }

    private static SiteFactory Site(params string[] secrets)
    {
        var site = new SiteFactory();
        site.Settings["Auth:Secret"] = secrets[0];
        for (var i = 1; i < secrets.Length; i++)
        {
            site.Settings[$"Auth:Secrets:{i - 1}"] = secrets[i];
        }

        return site;
    }

    private static async Task<string?> EmailAsync(SiteFactory site, string cookie)
    {
        using var client = site.CreateRawClient();
        using var response = await client.SendAsync(Requests.Get("/api/auth/session", cookie));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["user"]?["email"];
    }
}
