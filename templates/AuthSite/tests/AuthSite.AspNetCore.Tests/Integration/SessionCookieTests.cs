using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Design §4: a malformed, tampered, expired or foreign session cookie means "no session" — never a 5xx — and the
/// response deletes it. Crafted tokens are made with the public token format, and a crafted valid token is the
/// positive control that proves the crafting itself is right.
/// </summary>
public class SessionCookieTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string AnotherSecret = "another-secret-that-is-long-enough-0123456789abcdef";

    private static readonly Dictionary<string, Func<SessionCookieTests, string>> BadTokens = new()
    {
        ["tampered ciphertext"] = t => Flip(t.ValidToken(), segment: 3),
        ["tampered authentication tag"] = t => Flip(t.ValidToken(), segment: 4),
        ["tampered iv"] = t => Flip(t.ValidToken(), segment: 2),
        ["tampered header"] = t => ReplaceSegment(t.ValidToken(), 0, B64("""{"alg":"dir","enc":"A256CBC-HS512","kid":"forged"}""")),
        ["header says A256GCM"] = t => ReplaceSegment(t.ValidToken(), 0, B64("""{"alg":"dir","enc":"A256GCM"}""")),
        ["encrypted key segment filled in"] = t => ReplaceSegment(t.ValidToken(), 1, B64("key")),
        ["truncated to half"] = t => t.ValidToken()[..(t.ValidToken().Length / 2)],
        ["last character cut"] = t => t.ValidToken()[..^1],
        ["last segment missing"] = t => t.ValidToken()[..t.ValidToken().LastIndexOf('.')],
        ["extra segment"] = t => t.ValidToken() + ".AAAA",
        ["two tokens glued"] = t => t.ValidToken() + t.ValidToken(),
        ["garbage word"] = _ => "garbage",
        ["five empty segments"] = _ => "....",
        ["five short segments"] = _ => "a.b.c.d.e",
        ["percent signs"] = _ => "%%%%",
        ["escaped json"] = _ => Uri.EscapeDataString("""{"sub":"1","email":"user@example.com"}"""),
        ["null"] = _ => "null",
        ["long random base64url"] = _ => B64(new string('x', 3000)),
        ["unsigned jwt (alg none)"] = _ => B64("""{"alg":"none","typ":"JWT"}""") + "." + B64("""{"sub":"1","email":"user@example.com","exp":4102444800}""") + ".",
        ["hs256 jws made with the site's own secret"] = t => new SignedSessionTokenCodec(t.Secrets(), t.Clock()).Encode(t.Payload()),
        ["made with another secret"] = t => new EncryptedSessionTokenCodec([AnotherSecret], t.Name(), t.Clock()).Encode(t.Payload()),
        ["made for another cookie name"] = t => new EncryptedSessionTokenCodec(t.Secrets(), "__Secure-" + t.Name(), t.Clock()).Encode(t.Payload()),
        ["expired an hour ago"] = t => t.Encode(t.Payload(issued: TimeSpan.FromHours(-2), expires: TimeSpan.FromHours(-1))),
        ["expired a minute ago"] = t => t.Encode(t.Payload(issued: TimeSpan.FromHours(-1), expires: TimeSpan.FromMinutes(-1))),
        ["not valid before an hour from now"] = t => t.Encode(t.Payload(notBefore: TimeSpan.FromHours(1))),
    };

    public static TheoryData<string> BadTokenNames => new(BadTokens.Keys);

    [Fact]
    public async Task TheSessionCookie_IsTheAuthJsJwe_WithTheContractsClaims()
    {
        var stored = site.Users.Find(DemoUsers.Admin);
        var signedInAt = site.Time.GetUtcNow().ToUnixTimeSeconds();
        var cookie = await site.SignInCookieHeaderAsync(DemoUsers.Admin);
        var token = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..];

        var parts = token.Split('.');
        Assert.Equal(5, parts.Length);
        Assert.Empty(parts[1]);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!.AsObject();
        Assert.Equal("dir", (string?)header["alg"]);
        Assert.Equal("A256CBC-HS512", (string?)header["enc"]);
        Assert.False(string.IsNullOrEmpty((string?)header["kid"]));

        var claims = new EncryptedSessionTokenCodec(Secrets(), Name(), Clock()).Decode(token);
        Assert.NotNull(claims);
        Assert.Equal(stored!.Id, (string?)claims["sub"]);
        Assert.Equal(DemoUsers.Admin, (string?)claims["email"]);
        Assert.Equal(stored.Name, (string?)claims["name"]);
        Assert.Equal("admin", (string?)claims["role"]);
        Assert.InRange((long)claims["iat"]!, signedInAt - 1, signedInAt + 1);
        Assert.Equal((long)claims["iat"]! + (long)TimeSpan.FromDays(30).TotalSeconds, (long)claims["exp"]!);
        Assert.True(Guid.TryParse((string?)claims["jti"], out _));
    }

    [Fact]
    public async Task ACraftedValidToken_IsASession()
    {
        using var client = site.CreateRawClient();

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", $"{Name()}={ValidToken()}"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(DemoUsers.User, (string?)body["user"]?["email"]);
        Assert.DoesNotContain(Name(), SetCookies.Deleted(response));
    }

    [Fact]
    public async Task ACraftedValidToken_SplitIntoChunks_IsASession()
    {
        var token = ValidToken();
        var cookie = $"{Name()}.0={token[..100]}; {Name()}.1={token[100..]}";
        using var client = site.CreateRawClient();

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", cookie));

        Assert.Equal(DemoUsers.User, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["user"]?["email"]);
    }

    [Theory]
    [MemberData(nameof(BadTokenNames))]
    public async Task BadSessionCookie_IsAnonymous_AndTheCookieIsDeleted(string name)
    {
        var cookie = $"{Name()}={BadTokens[name](this)}";
        using var client = site.CreateRawClient();

        using var session = await client.SendAsync(Requests.Get("/api/auth/session", cookie));
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Contains(Name(), SetCookies.Deleted(session));
        Assert.Equal("/", SetCookies.Named(session, Name())!.Path.ToString());

        using var home = await client.SendAsync(Requests.Get("/", cookie));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("Not signed in", await home.Content.ReadAsStringAsync());
        Assert.Contains(Name(), SetCookies.Deleted(home));

        using var dashboard = await client.SendAsync(Requests.Get("/dashboard", cookie));
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.StartsWith("/auth/signin", dashboard.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var api = await client.SendAsync(Requests.Get("/api/example", cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task EmptySessionCookie_IsAnonymous()
    {
        using var client = site.CreateRawClient();

        using var session = await client.SendAsync(Requests.Get("/api/auth/session", $"{Name()}="));
        using var dashboard = await client.SendAsync(Requests.Get("/dashboard", $"{Name()}="));

        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.Equal("{}", await session.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Theory]
    [InlineData("garbage", "garbage")]
    [InlineData("valid first half", "tampered second half")]
    public async Task BadChunkedSessionCookie_IsAnonymous_AndEveryChunkIsDeleted(string first, string second)
    {
        var token = ValidToken();
        var chunk0 = first == "garbage" ? "garbage" : token[..100];
        var chunk1 = second == "garbage" ? "garbage" : Flip(token[100..], segment: 2);
        using var client = site.CreateRawClient();

        using var response = await client.SendAsync(Requests.Get("/api/auth/session", $"{Name()}.0={chunk0}; {Name()}.1={chunk1}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var deleted = SetCookies.Deleted(response);
        Assert.Contains($"{Name()}.0", deleted);
        Assert.Contains($"{Name()}.1", deleted);
    }

    [Fact]
    public async Task BadSessionCookie_OnTheSignInFlow_DoesNotStopASignIn()
    {
        using var client = site.CreateRawClient();
        var csrf = await site.GetCsrfPairAsync();
        var fields = new Dictionary<string, string> { ["csrfToken"] = csrf.Token, ["email"] = DemoUsers.User, ["password"] = DemoUsers.Password };

        using var response = await client.SendAsync(Requests.PostForm("/api/auth/callback/credentials", fields, csrf.Cookie, $"{Name()}=garbage"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var written = SetCookies.Written(response);
        Assert.True(written.ContainsKey(Name()));
        using var session = await client.SendAsync(Requests.Get("/api/auth/session", $"{Name()}={written[Name()].Value}"));
        Assert.Equal(DemoUsers.User, (string?)JsonNode.Parse(await session.Content.ReadAsStringAsync())!["user"]?["email"]);
    }

    private string Name() => site.SessionCookieName();

    private List<string> Secrets() => site.SessionAuthOptions().Secrets;

    private TimeProvider Clock() => site.Time;

    private string ValidToken() => Encode(Payload());

    private string Encode(JsonObject payload) => new EncryptedSessionTokenCodec(Secrets(), Name(), Clock()).Encode(payload);

    private JsonObject Payload(TimeSpan? issued = null, TimeSpan? expires = null, TimeSpan? notBefore = null)
    {
        var now = site.Time.GetUtcNow();
        var payload = new JsonObject
        {
            ["name"] = "Crafted",
            ["email"] = DemoUsers.User,
            ["sub"] = Guid.NewGuid().ToString(),
            ["iat"] = (now + (issued ?? TimeSpan.Zero)).ToUnixTimeSeconds(),
            ["exp"] = (now + (expires ?? TimeSpan.FromHours(1))).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
        };
        if (notBefore is { } nbf)
        {
            payload["nbf"] = (now + nbf).ToUnixTimeSeconds();
        }

        return payload;
    }

    private static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static string ReplaceSegment(string token, int index, string segment)
    {
        var parts = token.Split('.');
        parts[index] = segment;
        return string.Join('.', parts);
    }

    /// <summary>Changes one character in the middle of a segment (never the last one, whose low bits may be padding).</summary>
    private static string Flip(string token, int segment)
    {
        var parts = token.Split('.');
        var index = Math.Min(segment, parts.Length - 1);
        var chars = parts[index].ToCharArray();
        var at = chars.Length / 2;
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        parts[index] = new string(chars);
        return string.Join('.', parts);
    }
}
