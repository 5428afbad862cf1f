using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Tokens;

public class CachingSessionTokenCodecTests
{
    private const string Secret = "caching-secret-0123456789abcdef0123";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Decode_SameToken_DecodesOnce_AndSharesTheResult()
    {
        var inner = new CountingCodec(new EncryptedSessionTokenCodec([Secret], "authjs.session-token", _clock));
        using var codec = new CachingSessionTokenCodec(inner, _clock);
        var token = codec.Encode(Payload());

        var first = codec.Decode(token);
        var second = codec.Decode(token);

        Assert.Equal(1, inner.Decodes);
        Assert.Same(first, second);
        Assert.True(JsonNode.DeepEquals(Payload(), JsonObject.Create(first!.Claims)), first.Claims.GetRawText());
    }

    [Fact]
    public void Decode_RememberedToken_IsRejectedOnceItExpires()
    {
        var inner = new CountingCodec(new EncryptedSessionTokenCodec([Secret], "authjs.session-token", _clock));
        using var codec = new CachingSessionTokenCodec(inner, _clock);
        var token = codec.Encode(Payload());
        Assert.NotNull(codec.Decode(token));

        // exp is an hour away; the same 15 seconds of skew as the codecs.
        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(14));
        Assert.NotNull(codec.Decode(token));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(codec.Decode(token));
        Assert.Null(codec.Decode(token));
        Assert.Equal(2, inner.Decodes);
    }

    [Fact]
    public void Decode_FailedTokens_AreNeverRemembered()
    {
        var inner = new CountingCodec(new EncryptedSessionTokenCodec([Secret], "authjs.session-token", _clock));
        using var codec = new CachingSessionTokenCodec(inner, _clock);
        var token = codec.Encode(Payload());
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.Null(codec.Decode(tampered));
        Assert.Null(codec.Decode(tampered));
        Assert.Null(codec.Decode("not a token"));
        Assert.NotNull(codec.Decode(token));

        Assert.Equal(4, inner.Decodes);
    }

    [Fact]
    public void Decode_TokenWithoutExp_IsRememberedAndStaysValid()
    {
        var inner = new CountingCodec(new EncryptedSessionTokenCodec([Secret], "authjs.session-token", _clock));
        using var codec = new CachingSessionTokenCodec(inner, _clock);
        var payload = Payload();
        payload.Remove("exp");
        var token = codec.Encode(payload);

        Assert.NotNull(codec.Decode(token));
        _clock.Advance(TimeSpan.FromDays(3650));

        Assert.True(JsonNode.DeepEquals(payload, JsonObject.Create(codec.Decode(token)!.Claims)));
        Assert.Equal(1, inner.Decodes);
    }

    [Fact]
    public void Decode_ReadsTheTimes_AndTimesBeyondTheCalendarCountAsAbsent()
    {
        using var codec = new CachingSessionTokenCodec(new EncryptedSessionTokenCodec([Secret], "authjs.session-token", _clock), _clock);
        var payload = Payload();
        var farFuture = Payload();
        farFuture["exp"] = 1e300;

        var decoded = codec.Decode(codec.Encode(payload));
        var unbounded = codec.Decode(codec.Encode(farFuture));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().ToUnixTimeSeconds()), decoded?.IssuedAt);
        Assert.Equal(decoded?.IssuedAt + TimeSpan.FromHours(1), decoded?.ExpiresAt);
        Assert.NotNull(unbounded);
        Assert.Null(unbounded.ExpiresAt);
        _clock.Advance(TimeSpan.FromDays(3650));
        Assert.NotNull(codec.Decode(codec.Encode(farFuture)));
    }

    [Fact]
    public void Decode_GivesTheClaimValuesOfTheIdentity()
    {
        using var codec = new CachingSessionTokenCodec(new EncryptedSessionTokenCodec([Secret], "authjs.session-token", _clock), _clock);

        var decoded = codec.Decode(codec.Encode(Payload()))!;

        Assert.Contains(new KeyValuePair<string, string>("name", "Ada"), decoded.ClaimValues);
        Assert.Contains(new KeyValuePair<string, string>("groups", "a"), decoded.ClaimValues);
        Assert.Contains(new KeyValuePair<string, string>("groups", "b"), decoded.ClaimValues);
        Assert.Contains(new KeyValuePair<string, string>("exp", (_clock.GetUtcNow().ToUnixTimeSeconds() + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture)), decoded.ClaimValues);
    }

    private JsonObject Payload()
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["name"] = "Ada",
            ["email"] = "ada@example.com",
            ["sub"] = "42",
            ["role"] = "user",
            ["groups"] = new JsonArray("a", "b"),
            ["iat"] = now,
            ["exp"] = now + 3600,
            ["jti"] = "0f8fad5b-d9cb-469f-a165-70867728950e",
        };
    }

    private sealed class CountingCodec(ISessionTokenCodec inner) : ISessionTokenCodec
    {
        public int Decodes { get; private set; }

        public string Encode(JsonObject payload) => inner.Encode(payload);

        public JsonObject? Decode(string token)
        {
            Decodes++;
            return inner.Decode(token);
        }
    }
}
