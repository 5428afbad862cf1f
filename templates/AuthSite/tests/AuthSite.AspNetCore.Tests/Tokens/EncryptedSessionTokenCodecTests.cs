using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Tokens;

public class EncryptedSessionTokenCodecTests
{
    private const string SecretA = "vector-secret-A-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private const string SecretB = "vector-secret-B-0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private const string Salt = "authjs.session-token";

    // 16 s after the vectors were issued (iat 1795912484 = 2026-11-29T00:34:44Z). The valid vectors expire in
    // 2126; the "expired one hour ago" ones have exp = iat - 3600, so they are past exp + 15 s.
    private static readonly DateTimeOffset VectorTime = DateTimeOffset.FromUnixTimeSeconds(1_795_912_500);

    private readonly FakeTimeProvider _clock = new(VectorTime);

    public static TheoryData<string> AuthJsVectors => SessionTokenVectors.Names(SessionTokenVectors.AuthJs);

    public static TheoryData<string> NextAuthV4Vectors => SessionTokenVectors.Names(SessionTokenVectors.NextAuthV4);

    [Theory]
    [MemberData(nameof(AuthJsVectors))]
    public void AuthJsVector_DecodesToItsPayload_OrIsRejected(string name)
    {
        var vector = SessionTokenVectors.Get(name);
        var codec = new EncryptedSessionTokenCodec(vector.Secrets, vector.Salt!, _clock);

        AssertDecodesAs(vector, codec.Decode(vector.Token));
    }

    [Theory]
    [MemberData(nameof(NextAuthV4Vectors))]
    public void NextAuthV4Vector_WhenAccepted_DecodesToItsPayload_OrIsRejected(string name)
    {
        var vector = SessionTokenVectors.Get(name);
        var codec = new EncryptedSessionTokenCodec(vector.Secrets, Salt, _clock, acceptNextAuthV4Tokens: true);

        AssertDecodesAs(vector, codec.Decode(vector.Token));
    }

    [Fact]
    public void NextAuthV4Tokens_AreRejected_UnlessAccepted()
    {
        var valid = SessionTokenVectors.InGroup(SessionTokenVectors.NextAuthV4).Where(vector => vector.Valid).ToList();
        Assert.NotEmpty(valid);

        foreach (var vector in valid)
        {
            Assert.Null(new EncryptedSessionTokenCodec(vector.Secrets, Salt, _clock).Decode(vector.Token));
            Assert.NotNull(new EncryptedSessionTokenCodec(vector.Secrets, Salt, _clock, acceptNextAuthV4Tokens: true).Decode(vector.Token));
        }
    }

    [Fact]
    public void NextAuthV4Tokens_AreNeverWritten()
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock, acceptNextAuthV4Tokens: true);

        var header = ParseSegment(codec.Encode(SamplePayload()).Split('.')[0]);

        Assert.Equal("A256CBC-HS512", (string?)header?["enc"]);
    }

    [Theory]
    [InlineData("""{"alg":"dir","enc":"A256GCM"}""", """{"sub":"user-1"}""", true)]
    [InlineData("""{"alg":"dir","enc":"A128GCM"}""", """{"sub":"user-1"}""", false)]
    [InlineData("""{"alg":"none","enc":"A256GCM"}""", """{"sub":"user-1"}""", false)]
    [InlineData("""{"alg":"dir","enc":"A256GCM"}""", """[{"sub":"user-1"}]""", false)]
    [InlineData("""{"alg":"dir","enc":"A256GCM"}""", """{"sub":"user-1","exp":1795908885}""", false)]
    public void NextAuthV4ShapedToken_DecodesOnlyWithItsExactHeader(string headerJson, string payloadJson, bool accepted)
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock, acceptNextAuthV4Tokens: true);

        var decoded = codec.Decode(SealNextAuthV4(headerJson, payloadJson, SecretA));

        Assert.Equal(accepted, decoded is not null);
    }

    [Fact]
    public void ExpiredVectors_AreRejectedOnlyBecauseOfTheirExp()
    {
        // A minute before their exp the same tokens decode, so what rejects them at VectorTime is the clock.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_795_908_884 - 60));
        var expired = SessionTokenVectors.All.Where(vector => vector.Name.EndsWith("expired one hour ago", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, expired.Count);

        foreach (var vector in expired)
        {
            var codec = new EncryptedSessionTokenCodec(vector.Secrets, vector.Salt ?? Salt, clock, acceptNextAuthV4Tokens: true);
            Assert.NotNull(codec.Decode(vector.Token));
        }
    }

    [Fact]
    public void Encode_ThenDecode_ReturnsThePayload()
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var payload = SamplePayload();

        AssertJsonEqual(payload, codec.Decode(codec.Encode(payload)));
    }

    [Fact]
    public void Encode_WritesTheHeaderThatAuthJsWrites()
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var authJsHeader = SessionTokenVectors.Get("authjs: valid, salt=authjs.session-token").Token.Split('.')[0];

        var segments = codec.Encode(SamplePayload()).Split('.');

        Assert.Equal(5, segments.Length);
        AssertJsonEqual(
            JsonNode.Parse($$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{Kid(AuthJsKey(SecretA, Salt))}}"}"""),
            ParseSegment(segments[0]));
        Assert.Equal(authJsHeader, segments[0]);
        Assert.Empty(segments[1]);
    }

    [Fact]
    public void Encode_UsesAFreshIvEachTime()
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var payload = SamplePayload();

        Assert.NotEqual(codec.Encode(payload).Split('.')[2], codec.Encode(payload).Split('.')[2]);
    }

    [Fact]
    public void Token_DecodesOnlyWithTheSameSecretAndSalt()
    {
        var token = new EncryptedSessionTokenCodec([SecretA], Salt, _clock).Encode(SamplePayload());

        AssertJsonEqual(SamplePayload(), new EncryptedSessionTokenCodec([SecretA], Salt, _clock).Decode(token));
        Assert.Null(new EncryptedSessionTokenCodec([SecretA], "__Secure-authjs.session-token", _clock).Decode(token));
        Assert.Null(new EncryptedSessionTokenCodec([SecretB], Salt, _clock).Decode(token));
    }

    [Fact]
    public void Rotation_TheFirstSecretEncrypts_AndEveryListedSecretDecrypts()
    {
        var token = new EncryptedSessionTokenCodec([SecretB, SecretA], Salt, _clock).Encode(SamplePayload());

        AssertJsonEqual(SamplePayload(), new EncryptedSessionTokenCodec([SecretA, SecretB], Salt, _clock).Decode(token));
        Assert.NotNull(new EncryptedSessionTokenCodec([SecretB], Salt, _clock).Decode(token));
        Assert.Null(new EncryptedSessionTokenCodec([SecretA], Salt, _clock).Decode(token));
    }

    [Fact]
    public void HeaderWithKid_MadeOutsideTheCodec_Decodes()
    {
        // Guards Seal, which the hostile-header cases below rely on to carry a valid tag.
        var token = Seal(StandardHeader(SecretA), SamplePayload().ToJsonString(), AuthJsKey(SecretA, Salt));

        AssertJsonEqual(SamplePayload(), new EncryptedSessionTokenCodec([SecretA], Salt, _clock).Decode(token));
    }

    [Fact]
    public void HeaderWithoutKid_TriesEverySecret()
    {
        var token = Seal("""{"alg":"dir","enc":"A256CBC-HS512"}""", SamplePayload().ToJsonString(), AuthJsKey(SecretA, Salt));

        AssertJsonEqual(SamplePayload(), new EncryptedSessionTokenCodec([SecretB, SecretA], Salt, _clock).Decode(token));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(14, true)]
    [InlineData(15, false)]
    [InlineData(16, false)]
    public void Token_IsAccepted_Until15SecondsAfterExp(int secondsAfterExp, bool accepted)
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var token = codec.Encode(new JsonObject { ["sub"] = "user-1", ["iat"] = now, ["exp"] = now + 3600 });

        _clock.Advance(TimeSpan.FromSeconds(3600 + secondsAfterExp));

        Assert.Equal(accepted, codec.Decode(token) is not null);
    }

    [Theory]
    [InlineData(15, true)]
    [InlineData(16, false)]
    [InlineData(3600, false)]
    public void Token_WithNbfInTheFuture_IsRejected_Beyond15Seconds(int secondsAhead, bool accepted)
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();

        var token = codec.Encode(new JsonObject { ["sub"] = "user-1", ["nbf"] = now + secondsAhead, ["exp"] = now + 7200 });

        Assert.Equal(accepted, codec.Decode(token) is not null);
    }

    [Fact]
    public void Token_WithoutExp_IsAccepted()
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var payload = new JsonObject { ["sub"] = "user-1" };

        AssertJsonEqual(payload, codec.Decode(codec.Encode(payload)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Token_WithOneCharacterChangedInAnySegment_IsRejected(int segment)
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);
        var segments = codec.Encode(SamplePayload()).Split('.');

        // The encrypted-key segment is empty, so a character is added to it instead.
        var value = segments[segment];
        var middle = value.Length / 2;
        segments[segment] = value.Length == 0 ? "A" : value[..middle] + (value[middle] == 'A' ? 'B' : 'A') + value[(middle + 1)..];

        Assert.Null(codec.Decode(string.Join('.', segments)));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("five garbage segments")]
    [InlineData("last character cut")]
    [InlineData("cut in half")]
    [InlineData("tag segment missing")]
    [InlineData("sixth segment")]
    [InlineData("1 MB ciphertext")]
    [InlineData("1 MB without dots")]
    [InlineData("space in the ciphertext")]
    [InlineData("padding after the iv")]
    [InlineData("standard base64 character")]
    [InlineData("non-ASCII character")]
    [InlineData("encrypted key present")]
    [InlineData("alg none")]
    [InlineData("alg repeated")]
    [InlineData("enc A128CBC-HS256")]
    [InlineData("enc missing")]
    [InlineData("kid of an unknown key")]
    [InlineData("crit header")]
    [InlineData("zip header")]
    [InlineData("kid a number")]
    [InlineData("three segments, a JWS")]
    [InlineData("payload a nested JWS")]
    [InlineData("header not JSON")]
    [InlineData("header a JSON array")]
    [InlineData("payload a JSON array")]
    [InlineData("payload not JSON")]
    [InlineData("payload JSON null")]
    [InlineData("payload with a repeated claim")]
    [InlineData("exp a string")]
    public void HostileToken_IsRejected_WithoutThrowing(string kind)
    {
        var codec = new EncryptedSessionTokenCodec([SecretA], Salt, _clock);

        Assert.Null(codec.Decode(HostileToken(codec, kind)));
    }

    private string HostileToken(EncryptedSessionTokenCodec codec, string kind)
    {
        var valid = codec.Encode(SamplePayload());
        var segments = valid.Split('.');
        var key = AuthJsKey(SecretA, Salt);
        var payload = SamplePayload().ToJsonString();
        var kidA = Kid(key);

        string WithSegment(int index, string value)
        {
            var copy = (string[])segments.Clone();
            copy[index] = value;
            return string.Join('.', copy);
        }

        string WithCharacterInCiphertext(string character)
        {
            var ciphertext = segments[3];
            return WithSegment(3, ciphertext[..10] + character + ciphertext[10..]);
        }

        return kind switch
        {
            "empty" => "",
            "five garbage segments" => "a.b.c.d.e",
            "last character cut" => valid[..^1],
            "cut in half" => valid[..(valid.Length / 2)],
            "tag segment missing" => valid[..valid.LastIndexOf('.')],
            "sixth segment" => valid + ".AAAA",
            "1 MB ciphertext" => WithSegment(3, new string('A', 1 << 20)),
            "1 MB without dots" => new string('x', 1 << 20),
            "space in the ciphertext" => WithCharacterInCiphertext(" "),
            "padding after the iv" => WithSegment(2, segments[2] + "=="),
            "standard base64 character" => WithSegment(3, "+" + segments[3][1..]),
            "non-ASCII character" => WithCharacterInCiphertext("é"),
            "encrypted key present" => WithSegment(1, "AAAA"),
            "alg none" => Seal($$"""{"alg":"none","enc":"A256CBC-HS512","kid":"{{kidA}}"}""", payload, key),
            "alg repeated" => Seal($$"""{"alg":"none","alg":"dir","enc":"A256CBC-HS512","kid":"{{kidA}}"}""", payload, key),
            "enc A128CBC-HS256" => Seal($$"""{"alg":"dir","enc":"A128CBC-HS256","kid":"{{kidA}}"}""", payload, key),
            "enc missing" => Seal($$"""{"alg":"dir","kid":"{{kidA}}"}""", payload, key),
            "kid of an unknown key" => Seal($$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{Kid(AuthJsKey(SecretB, Salt))}}"}""", payload, key),
            "crit header" => Seal($$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{kidA}}","crit":["b64"],"b64":false}""", payload, key),
            "zip header" => Seal($$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{kidA}}","zip":"DEF"}""", payload, key),
            "kid a number" => Seal("""{"alg":"dir","enc":"A256CBC-HS512","kid":1}""", payload, key),
            "three segments, a JWS" => $"{segments[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{segments[4]}",
            "payload a nested JWS" => Seal(StandardHeader(SecretA), $"eyJhbGciOiJub25lIn0.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.", key),
            "header not JSON" => Seal("not json", payload, key),
            "header a JSON array" => Seal("""["dir","A256CBC-HS512"]""", payload, key),
            "payload a JSON array" => Seal(StandardHeader(SecretA), """[{"sub":"user-1"}]""", key),
            "payload not JSON" => Seal(StandardHeader(SecretA), "user-1", key),
            "payload JSON null" => Seal(StandardHeader(SecretA), "null", key),
            "payload with a repeated claim" => Seal(StandardHeader(SecretA), """{"sub":"user-1","sub":"user-2"}""", key),
            "exp a string" => Seal(StandardHeader(SecretA), """{"sub":"user-1","exp":"4949512484"}""", key),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private JsonObject SamplePayload()
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["name"] = "Zoë Example 🙂",
            ["email"] = "zoe@example.com",
            ["picture"] = "https://example.com/z.png?size=64&format=png",
            ["sub"] = "user-1",
            ["roles"] = new JsonArray("admin", "editor"),
            ["preferences"] = new JsonObject { ["theme"] = "dark", ["beta"] = true, ["quota"] = 1.5 },
            ["iat"] = now,
            ["exp"] = now + 2_592_000,
            ["jti"] = "0f7c2a4e-1b3d-4c5e-8f90-a1b2c3d4e5f6",
        };
    }

    private static void AssertDecodesAs(SessionTokenVector vector, JsonObject? decoded)
    {
        if (vector.Valid)
        {
            AssertJsonEqual(vector.Payload, decoded);
        }
        else
        {
            Assert.Null(decoded);
        }
    }

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}.");

    private static JsonNode? ParseSegment(string segment) => JsonNode.Parse(Base64Url.DecodeFromChars(segment));

    private static string StandardHeader(string secret) =>
        $$"""{"alg":"dir","enc":"A256CBC-HS512","kid":"{{Kid(AuthJsKey(secret, Salt))}}"}""";

    // The key and thumbprint as Auth.js derives them, written out independently of the codec.
    private static byte[] AuthJsKey(string secret, string salt) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 64,
            Encoding.UTF8.GetBytes(salt), Encoding.UTF8.GetBytes($"Auth.js Generated Encryption Key ({salt})"));

    private static string Kid(byte[] key) =>
        Base64Url.EncodeToString(SHA512.HashData(Encoding.UTF8.GetBytes($$"""{"k":"{{Base64Url.EncodeToString(key)}}","kty":"oct"}""")));

    /// <summary>Encrypts any header and payload the way NextAuth v4 does: A256GCM with its HKDF key.</summary>
    private static string SealNextAuthV4(string headerJson, string payloadJson, string secret)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, [],
            Encoding.UTF8.GetBytes("NextAuth.js Generated Encryption Key"));
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson));
        var iv = RandomNumberGenerator.GetBytes(12);
        var plaintext = Encoding.UTF8.GetBytes(payloadJson);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using var aesGcm = new AesGcm(key, tag.Length);
        aesGcm.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(header));

        return string.Join('.', header, "", Base64Url.EncodeToString(iv), Base64Url.EncodeToString(ciphertext), Base64Url.EncodeToString(tag));
    }

    /// <summary>
    /// Encrypts any header and payload with A256CBC-HS512 (RFC 7518 §5.2.2) and a valid tag, so a test
    /// shows that the codec rejects the header or payload itself, not a broken tag.
    /// </summary>
    private static string Seal(string headerJson, string payloadJson, byte[] key)
    {
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson));
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = key[32..];
        var ciphertext = aes.EncryptCbc(Encoding.UTF8.GetBytes(payloadJson), iv);

        var aad = Encoding.ASCII.GetBytes(header);
        var aadBits = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(aadBits, (ulong)aad.Length * 8);
        byte[] macInput = [.. aad, .. iv, .. ciphertext, .. aadBits];
        var tag = HMACSHA512.HashData(key[..32], macInput)[..32];

        return string.Join('.', header, "", Base64Url.EncodeToString(iv), Base64Url.EncodeToString(ciphertext), Base64Url.EncodeToString(tag));
    }
}
