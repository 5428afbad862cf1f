using System.Security.Cryptography;
using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>
/// Auth.js-style chunking of the session cookie on a bare <see cref="DefaultHttpContext"/>: a value over 3936
/// characters is written as <c>name.0</c>, <c>name.1</c>, ...; reading joins the chunks in index order; writing and
/// deleting remove every stale chunk.
/// </summary>
public class SessionCookieManagerTests
{
    private const int ChunkSize = 3936;
    private const string Name = "unit.session-token";

    private static readonly CookieOptions Attributes = new() { HttpOnly = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, Path = "/" };

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(ChunkSize)]
    public void AValueThatFits_IsOneCookieWithTheBaseName(int length)
    {
        var context = Context();
        var value = Value(length);

        Manager().AppendResponseCookie(context, Name, value, Attributes);

        var cookie = Assert.Single(ResponseCookies(context));
        Assert.Equal(Name, cookie.Name.ToString());
        Assert.Equal(value, cookie.Value.ToString());
    }

    [Theory]
    [InlineData(ChunkSize + 1, 2)]
    [InlineData(2 * ChunkSize, 2)]
    [InlineData(2 * ChunkSize + 1, 3)]
    [InlineData(5 * ChunkSize - 7, 5)]
    public void ALargerValue_IsSplitIntoNumberedChunksOfAtMost3936(int length, int expectedChunks)
    {
        var context = Context();
        var value = Value(length);

        Manager().AppendResponseCookie(context, Name, value, Attributes);

        var cookies = ResponseCookies(context);
        Assert.Equal(Enumerable.Range(0, expectedChunks).Select(i => $"{Name}.{i}"), cookies.Select(c => c.Name.ToString()));
        Assert.All(cookies.SkipLast(1), c => Assert.Equal(ChunkSize, c.Value.Length));
        Assert.InRange(cookies[^1].Value.Length, 1, ChunkSize);
        Assert.Equal(value, string.Concat(cookies.Select(c => c.Value.ToString())));
        Assert.All(cookies, c =>
        {
            Assert.True(c.HttpOnly);
            Assert.Equal("/", c.Path.ToString());
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, c.SameSite);
        });
    }

    [Fact]
    public void WrittenChunks_ReadBackAsTheOriginalValue()
    {
        var value = Value(3 * ChunkSize + 11);
        var written = Context();
        Manager().AppendResponseCookie(written, Name, value, Attributes);

        var next = Context(ResponseCookies(written).Select(c => (c.Name.ToString(), c.Value.ToString())).ToArray());

        Assert.Equal(value, Manager().GetRequestCookie(next, Name));
    }

    [Fact]
    public void Chunks_AreJoinedInIndexOrder_WhateverTheirOrderOnTheRequest()
    {
        var context = Context(($"{Name}.2", "cc"), ($"{Name}.0", "aa"), ($"{Name}.1", "bb"));

        Assert.Equal("aabbcc", Manager().GetRequestCookie(context, Name));
    }

    [Fact]
    public void ASingleCookie_IsReadAsIs()
    {
        Assert.Equal("value", Manager().GetRequestCookie(Context((Name, "value"), ("other", "x")), Name));
    }

    [Fact]
    public void NoCookie_IsNull()
    {
        Assert.Null(Manager().GetRequestCookie(Context(("other", "x"), (Name + "x.0", "y")), Name));
    }

    [Fact]
    public void ShrinkingToOneCookie_DeletesEveryChunk()
    {
        var context = Context(($"{Name}.0", "a"), ($"{Name}.1", "b"), ($"{Name}.2", "c"));

        Manager().AppendResponseCookie(context, Name, "small", Attributes);

        var cookies = ResponseCookies(context);
        Assert.Equal([$"{Name}.0", $"{Name}.1", $"{Name}.2"], Deleted(cookies).Order(StringComparer.Ordinal));
        Assert.Equal("small", Assert.Single(cookies, c => !IsDeletion(c)).Value.ToString());
        Assert.Equal(Name, Assert.Single(cookies, c => !IsDeletion(c)).Name.ToString());
    }

    [Fact]
    public void ShrinkingFromThreeChunksToTwo_DeletesOnlyTheThird()
    {
        var context = Context(($"{Name}.0", "a"), ($"{Name}.1", "b"), ($"{Name}.2", "c"));

        Manager().AppendResponseCookie(context, Name, Value(ChunkSize + 5), Attributes);

        var cookies = ResponseCookies(context);
        Assert.Equal([$"{Name}.2"], Deleted(cookies));
        Assert.Equal([$"{Name}.0", $"{Name}.1"], cookies.Where(c => !IsDeletion(c)).Select(c => c.Name.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GrowingFromOneCookieToChunks_DeletesTheBaseCookie()
    {
        var context = Context((Name, "old"));

        Manager().AppendResponseCookie(context, Name, Value(ChunkSize * 2), Attributes);

        var cookies = ResponseCookies(context);
        Assert.Equal([Name], Deleted(cookies));
        Assert.Equal(2, cookies.Count(c => !IsDeletion(c)));
    }

    [Fact]
    public void Rewriting_TheSameShape_DeletesNothing()
    {
        var context = Context(($"{Name}.0", "a"), ($"{Name}.1", "b"));

        Manager().AppendResponseCookie(context, Name, Value(ChunkSize + 1), Attributes);

        Assert.Empty(Deleted(ResponseCookies(context)));
    }

    [Fact]
    public void Delete_RemovesTheBaseCookieAndEveryChunk_ButNoOtherCookie()
    {
        var context = Context(($"{Name}.0", "a"), ($"{Name}.1", "b"), ("other", "x"), ($"{Name}.backup", "y"), ($"{Name}x", "z"));

        Manager().DeleteCookie(context, Name, Attributes);

        var deleted = Deleted(ResponseCookies(context));
        Assert.Equal([Name, $"{Name}.0", $"{Name}.1"], deleted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Delete_WithNoCookieOnTheRequest_StillDeletesTheBaseName()
    {
        var context = Context();

        Manager().DeleteCookie(context, Name, Attributes);

        Assert.Equal([Name], Deleted(ResponseCookies(context)));
    }

    [Fact]
    public void OverHttps_TheNamesCarryTheSecurePrefix()
    {
        var context = Context(($"__Secure-{Name}.0", "a"), ($"__Secure-{Name}.1", "b"), ($"{Name}", "plain"));
        context.Request.Scheme = "https";

        Assert.Equal("ab", Manager().GetRequestCookie(context, Name));
        Manager().AppendResponseCookie(context, Name, "new", new CookieOptions { Secure = true, Path = "/" });

        var cookies = ResponseCookies(context);
        Assert.Equal("new", Assert.Single(cookies, c => !IsDeletion(c) && c.Name == $"__Secure-{Name}").Value.ToString());
        Assert.Equal([$"__Secure-{Name}.0", $"__Secure-{Name}.1"], Deleted(cookies).Order(StringComparer.Ordinal));
        Assert.All(cookies, c => Assert.True(c.Secure));
    }

    [Fact]
    public void ForcedSecureCookies_CarryThePrefixOverHttp()
    {
        var context = Context(($"__Secure-{Name}", "secure-value"), (Name, "plain-value"));

        Assert.Equal("secure-value", Manager(useSecureCookies: true).GetRequestCookie(context, Name));
        Assert.Equal("plain-value", Manager(useSecureCookies: false).GetRequestCookie(context, Name));
    }

    private static SessionCookieManager Manager(bool? useSecureCookies = null) =>
        new(Options.Create(new SessionAuthOptions { Cookies = { SessionToken = Name }, UseSecureCookies = useSecureCookies }));

    private static DefaultHttpContext Context(params (string Name, string Value)[] cookies)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        if (cookies.Length > 0)
        {
            context.Request.Headers.Cookie = string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}"));
        }

        return context;
    }

    private static List<SetCookieHeaderValue> ResponseCookies(HttpContext context) =>
        [.. SetCookieHeaderValue.ParseList([.. context.Response.Headers.SetCookie.Select(v => v!)])];

    private static bool IsDeletion(SetCookieHeaderValue cookie) =>
        cookie.Value.Length == 0 && cookie.Expires < DateTimeOffset.UnixEpoch.AddYears(1);

    private static List<string> Deleted(IEnumerable<SetCookieHeaderValue> cookies) =>
        [.. cookies.Where(IsDeletion).Select(c => c.Name.ToString())];

    /// <summary>A base64url-like value whose every position differs, so a misplaced chunk shows.</summary>
    private static string Value(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var bytes = RandomNumberGenerator.GetBytes(length);
        return string.Create(length, bytes, (span, b) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[b[i] % alphabet.Length];
            }
        });
    }
}
