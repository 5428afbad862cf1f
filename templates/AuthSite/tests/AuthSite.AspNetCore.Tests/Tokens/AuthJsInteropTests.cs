using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;

namespace AuthSite.AspNetCore.Tests.Tokens;

/// <summary>
/// Auth.js itself (<c>@auth/core</c>'s <c>jwt</c> module, see <see cref="AuthJsFixture"/>) reads the tokens our codec
/// makes and makes tokens our codec reads, for every valid Auth.js vector's payload, secrets and cookie name.
/// </summary>
public class AuthJsInteropTests(AuthJsFixture authJs) : IClassFixture<AuthJsFixture>
{
    public static TheoryData<string> AuthJsVectors => SessionTokenVectors.Names(SessionTokenVectors.AuthJs);

    public static TheoryData<string> ValidAuthJsVectors => new(AuthJsFixture.ValidVectors.Select(vector => vector.Name));

    [Theory]
    [MemberData(nameof(ValidAuthJsVectors))]
    public void OurToken_DecodesInAuthJs_ToThePayload(string name)
    {
        var decoded = authJs.Decoded[AuthJsFixture.Ours(name)]!;

        Assert.True(decoded["error"] is null, $"Auth.js rejected our token: {decoded["error"]}");
        AssertJsonEqual(SessionTokenVectors.Get(name).Payload, decoded["payload"]);
    }

    [Theory]
    [MemberData(nameof(ValidAuthJsVectors))]
    public void AuthJsToken_DecodesHere_ToThePayload(string name)
    {
        var vector = SessionTokenVectors.Get(name);
        var codec = new EncryptedSessionTokenCodec(vector.Secrets, vector.Salt!, TimeProvider.System);

        var decoded = codec.Decode((string)authJs.Encoded[name]!);

        // Auth.js's encode sets iat, exp (30 days on) and jti itself; every other claim is the vector's.
        Assert.NotNull(decoded);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange((long)decoded["iat"]!, now - 300, now + 300);
        Assert.Equal((long)decoded["iat"]! + 30 * 24 * 3600, (long)decoded["exp"]!);
        Assert.True(Guid.TryParse((string?)decoded["jti"], out _));
        AssertJsonEqual(WithoutTimes(vector.Payload!), WithoutTimes(decoded));
    }

    [Theory]
    [MemberData(nameof(AuthJsVectors))]
    public void AuthJs_AgreesWithTheVector(string name)
    {
        // Guards the vectors themselves: what they say Auth.js accepts, it accepts today, and the rest it rejects.
        var vector = SessionTokenVectors.Get(name);
        var decoded = authJs.Decoded[name]!;

        if (vector.Valid)
        {
            AssertJsonEqual(vector.Payload, decoded["payload"]);
        }
        else
        {
            Assert.True(decoded["payload"] is null, $"Auth.js accepted {name}: {decoded["payload"]?.ToJsonString()}");
        }
    }

    private static JsonObject WithoutTimes(JsonObject payload)
    {
        var copy = payload.DeepClone().AsObject();
        copy.Remove("iat");
        copy.Remove("exp");
        copy.Remove("jti");
        return copy;
    }

    private static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected {expected?.ToJsonString()}, got {actual?.ToJsonString() ?? "null"}.");
}
