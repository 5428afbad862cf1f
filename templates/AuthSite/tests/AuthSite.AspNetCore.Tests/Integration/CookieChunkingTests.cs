using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Tests.Infrastructure;
using AuthSite.AspNetCore.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuthSite.AspNetCore.Tests.Integration;

/// <summary>
/// Tokens too large for one cookie are split Auth.js-style into <c>name.0</c>, <c>name.1</c>, ... (at most 3936
/// characters each), read back as one, and stale chunks are deleted when the token shrinks. The claims are made large
/// through a session update that the test's jwt callback copies into the token (<see cref="TestSite"/>).
/// </summary>
public class CookieChunkingTests : IDisposable
{
    private const int AuthJsChunkSize = 3936;

    private readonly SiteFactory _site = new();

    public void Dispose()
    {
        _site.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task ALargeToken_IsSplitIntoChunks_ThatReadBackAsOne()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var padding = Padding(6000);

        using var response = await UpdateAsync(client, padding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var chunks = Chunks(response);
        Assert.True(chunks.Count >= 2, $"expected chunks, got {string.Join(", ", SetCookies.Written(response).Keys)}");
        AssertChunkSizes(chunks);
        foreach (var chunk in SetCookies.Of(response).Where(c => c.Name.StartsWith(Name() + ".", StringComparison.Ordinal)))
        {
            Assert.True(chunk.HttpOnly);
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, chunk.SameSite);
            Assert.Equal("/", chunk.Path.ToString());
        }

        Assert.Contains(Name(), SetCookies.Deleted(response));
        var session = await client.GetSessionAsync();
        Assert.Equal(padding, (string?)session["padding"]);
        Assert.Equal(DemoUsers.User, (string?)session["user"]?["email"]);
    }

    [Fact]
    public async Task BigClaimsAddedAtSignIn_AreChunkedFromTheFirstCookie()
    {
        var groups = Padding(7000);
        using var site = new SiteFactory
        {
            ConfigureTestServices = services => services.PostConfigure<SessionAuthOptions>(options =>
            {
                var jwt = options.Callbacks.Jwt;
                options.Callbacks.Jwt = async context =>
                {
                    var token = await jwt(context);
                    if (context.Trigger == "signIn")
                    {
                        token!["groups"] = groups;
                    }

                    return token;
                };
                var session = options.Callbacks.Session;
                options.Callbacks.Session = async context =>
                {
                    var shaped = await session(context);
                    shaped!.Extra = new() { ["groups"] = (string?)context.Token["groups"] };
                    return shaped;
                };
            }),
        };
        using var client = site.CreateSiteClient();

        using var signIn = await client.SignInAsync(DemoUsers.User);

        var name = site.SessionCookieName();
        var written = SetCookies.Written(signIn).Keys.Where(key => SetCookies.IsSessionCookie(key, name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(written.Count >= 2 && !written.Contains(name), $"expected chunks, got {string.Join(", ", written)}");
        Assert.Equal(groups, (string?)(await client.GetSessionAsync())["groups"]);
        using var dashboard = await client.Http.GetAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task GrowingAndShrinking_DeletesTheStaleChunks()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();

        int large;
        using (var grown = await UpdateAsync(client, Padding(10000)))
        {
            large = Chunks(grown).Count;
            AssertChunkSizes(Chunks(grown));
        }

        var smaller = Padding(4000);
        using (var response = await UpdateAsync(client, smaller))
        {
            var chunks = Chunks(response);
            Assert.InRange(chunks.Count, 2, large - 1);
            AssertChunkSizes(chunks);
            var deleted = SetCookies.Deleted(response);
            Assert.Equal(Enumerable.Range(chunks.Count, large - chunks.Count).Select(i => $"{Name()}.{i}"), deleted.Order(StringComparer.Ordinal));
        }

        Assert.Equal(smaller, (string?)(await client.GetSessionAsync())["padding"]);

        using (var single = await UpdateAsync(client, ""))
        {
            Assert.True(SetCookies.Written(single).ContainsKey(Name()));
            Assert.Empty(Chunks(single));
            var deleted = SetCookies.Deleted(single);
            Assert.Contains($"{Name()}.0", deleted);
            Assert.Contains($"{Name()}.1", deleted);
        }

        var session = await client.GetSessionAsync();
        Assert.Null(session["padding"]);
        Assert.Equal(DemoUsers.User, (string?)session["user"]?["email"]);
    }

    [Fact]
    public async Task SignOut_DeletesEveryChunk()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        int count;
        using (var update = await UpdateAsync(client, Padding(9000)))
        {
            count = Chunks(update).Count;
        }

        using var response = await client.SignOutAsync();

        var deleted = SetCookies.Deleted(response);
        for (var i = 0; i < count; i++)
        {
            Assert.Contains($"{Name()}.{i}", deleted);
        }

        Assert.Empty(await client.GetSessionAsync());
    }

    [Fact]
    public async Task ChunksSentInAnyOrder_ReadBackInIndexOrder()
    {
        using var client = _site.CreateSiteClient();
        (await client.SignInAsync(DemoUsers.User)).Dispose();
        var padding = Padding(9000);
        using var update = await UpdateAsync(client, padding);
        var chunks = Chunks(update);
        var header = string.Join("; ", chunks.Reverse().Select(c => $"{Name()}.{c.Key}={c.Value}"));
        using var raw = _site.CreateRawClient();

        using var response = await raw.SendAsync(Requests.Get("/api/auth/session", header));

        Assert.Equal(padding, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["padding"]);
    }

    private string Name() => _site.SessionCookieName();

    private async Task<HttpResponseMessage> UpdateAsync(SiteClient client, string padding)
    {
        var body = new JsonObject { ["csrfToken"] = await client.GetCsrfTokenAsync(), ["data"] = new JsonObject { ["padding"] = padding } };
        return await client.Http.SendAsync(Requests.PostJson("/api/auth/session", body));
    }

    /// <summary>The chunk cookies a response writes, by index.</summary>
    private SortedDictionary<int, string> Chunks(HttpResponseMessage response)
    {
        var chunks = new SortedDictionary<int, string>();
        foreach (var (name, cookie) in SetCookies.Written(response))
        {
            if (name.StartsWith(Name() + ".", StringComparison.Ordinal) && int.TryParse(name.AsSpan(Name().Length + 1), out var index))
            {
                chunks[index] = cookie.Value.ToString();
            }
        }

        return chunks;
    }

    private static void AssertChunkSizes(SortedDictionary<int, string> chunks)
    {
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Keys);
        Assert.All(chunks.Values, value => Assert.InRange(value.Length, 1, AuthJsChunkSize));
        Assert.All(chunks.Values.SkipLast(1), value => Assert.Equal(AuthJsChunkSize, value.Length));
    }

    /// <summary>Random hex, so no compression could hide the size.</summary>
    private static string Padding(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(length / 2));
}
