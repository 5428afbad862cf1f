using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Tokens;

public class SignedSessionTokenCodecTests
{
    private const string SecretA = "signed-secret-A-4c1d2e3f40516273";
    private const string SecretB = "signed-secret-B-8495a6b7c8d9eaf1";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Encode_ThenDecode_ReturnsThePayload()
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);
        var payload = SamplePayload();

        AssertJsonEqual(payload, codec.Decode(codec.Encode(payload)));
    }

    [Fact]
    public void Token_IsAnHs256Jwt_WhoseClaimsAnyoneCanRead()
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);

        var segments = codec.Encode(SamplePayload()).Split('.');

        Assert.Equal(3, segments.Length);
        AssertJsonEqual(JsonNode.Parse("""{"alg":"HS256","typ":"JWT"}"""), ParseSegment(segments[0]));
        AssertJsonEqual(SamplePayload(), ParseSegment(segments[1]));
    }

    [Fact]
    public void Token_SignedElsewhere_WithTheSha256OfTheSecret_Decodes()
    {
        // What a service sharing these tokens does: HMAC-SHA256 keyed with SHA-256(secret).
        var token = Sign("""{"alg":"HS256","typ":"JWT"}""", SamplePayload().ToJsonString(), SecretA, HashAlgorithmName.SHA256);

        AssertJsonEqual(SamplePayload(), new SignedSessionTokenCodec([SecretA], _clock).Decode(token));
    }

    [Fact]
    public void Token_FromAnotherSecret_IsRejected()
    {
        var token = new SignedSessionTokenCodec([SecretB], _clock).Encode(SamplePayload());

        Assert.Null(new SignedSessionTokenCodec([SecretA], _clock).Decode(token));
    }

    [Fact]
    public void Rotation_TheFirstSecretSigns_AndEveryListedSecretVerifies()
    {
        var token = new SignedSessionTokenCodec([SecretB, SecretA], _clock).Encode(SamplePayload());

        AssertJsonEqual(SamplePayload(), new SignedSessionTokenCodec([SecretA, SecretB], _clock).Decode(token));
        Assert.Null(new SignedSessionTokenCodec([SecretA], _clock).Decode(token));
    }

    [Fact]
    public void UnsignedAlgNoneToken_IsRejected()
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);
        var segments = codec.Encode(SamplePayload()).Split('.');
        var none = Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8);

        Assert.Null(codec.Decode($"{none}.{segments[1]}."));
        Assert.Null(codec.Decode($"{none}.{segments[1]}.{segments[2]}"));
    }

    [Fact]
    public void TamperedPayload_IsRejected()
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);
        var segments = codec.Encode(SamplePayload()).Split('.');
        var tampered = SamplePayload();
        tampered["role"] = "admin";

        segments[1] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(tampered.ToJsonString()));

        Assert.Null(codec.Decode(string.Join('.', segments)));
    }

    [Fact]
    public void TokenSignedWithAnotherHmacAlgorithm_IsRejected()
    {
        var token = Sign("""{"alg":"HS384","typ":"JWT"}""", SamplePayload().ToJsonString(), SecretA, HashAlgorithmName.SHA384);

        Assert.Null(new SignedSessionTokenCodec([SecretA], _clock).Decode(token));
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(16, false)]
    public void Token_IsAccepted_Until15SecondsAfterExp(int secondsAfterExp, bool accepted)
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var token = codec.Encode(new JsonObject { ["sub"] = "user-1", ["iat"] = now, ["exp"] = now + 3600 });

        _clock.Advance(TimeSpan.FromSeconds(3600 + secondsAfterExp));

        Assert.Equal(accepted, codec.Decode(token) is not null);
    }

    [Fact]
    public void Token_WithNbfInTheFuture_IsRejected()
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();

        var token = codec.Encode(new JsonObject { ["sub"] = "user-1", ["nbf"] = now + 60, ["exp"] = now + 3600 });

        Assert.Null(codec.Decode(token));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("three garbage segments")]
    [InlineData("1 MB")]
    [InlineData("encrypted session token")]
    [InlineData("payload a JSON array")]
    [InlineData("exp a string")]
    public void HostileToken_IsRejected_WithoutThrowing(string kind)
    {
        var codec = new SignedSessionTokenCodec([SecretA], _clock);
        const string header = """{"alg":"HS256","typ":"JWT"}""";

        var token = kind switch
        {
            "empty" => "",
            "three garbage segments" => "a.b.c",
            "1 MB" => codec.Encode(SamplePayload()) + new string('A', 1 << 20),
            "encrypted session token" => new EncryptedSessionTokenCodec([SecretA], "authjs.session-token", _clock).Encode(SamplePayload()),
            "payload a JSON array" => Sign(header, """[{"sub":"user-1"}]""", SecretA, HashAlgorithmName.SHA256),
            "exp a string" => Sign(header, """{"sub":"user-1","exp":"4949512484"}""", SecretA, HashAlgorithmName.SHA256),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };

        Assert.Null(codec.Decode(token));
    }

    private JsonObject SamplePayload()
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["name"] = "Zoë Example",
            ["email"] = "zoe@example.com",
            ["sub"] = "user-1",
            ["iat"] = now,
            ["exp"] = now + 2_592_000,
            ["jti"] = "5d0c9a8b-7e6f-4a3b-9c2d-1e0f9a8b7c6d",
        };
    }

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}.");

    private static JsonNode? ParseSegment(string segment) => JsonNode.Parse(Base64Url.DecodeFromChars(segment));

    /// <summary>Signs a JWS by hand, the way another HS256 implementation would, keyed with SHA-256(secret).</summary>
    private static string Sign(string headerJson, string payloadJson, string secret, HashAlgorithmName hash)
    {
        var signingInput = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson))}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson))}";
        var key = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        var signature = CryptographicOperations.HmacData(hash, key, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
