using System.Text.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>
/// How the session cookie tells that the jwt callback changed the token (which re-issues the cookie) from a token
/// left as it was read (which must not: zero <c>Set-Cookie</c> on reads inside updateAge).
/// </summary>
public class TokenChangeDetectionTests
{
    private const string Decoded = """{"name":"Ada","email":"ada@example.com","role":"user","groups":["a","b"],"meta":{"x":1},"n":null,"iat":1700000000,"ok":true}""";

    public static TheoryData<string, Action<JsonObject>, bool> Edits => new()
    {
        { "left alone", _ => { }, false },
        { "read only", token => _ = (string?)token["role"] + token["groups"]!.AsArray().Count + token["meta"]!["x"], false },
        { "same string set again", token => token["role"] = "user", false },
        { "same number set again", token => token["iat"] = 1700000000, false },
        { "same array rebuilt", token => token["groups"] = new JsonArray("a", "b"), false },
        { "same object rebuilt", token => token["meta"] = new JsonObject { ["x"] = 1 }, false },
        { "string changed", token => token["role"] = "admin", true },
        { "number changed", token => token["iat"] = 1700000001, true },
        { "string became number", token => token["role"] = 1, true },
        { "array item added", token => token["groups"]!.AsArray().Add("c"), true },
        { "array reordered", token => token["groups"] = new JsonArray("b", "a"), true },
        { "nested value changed", token => token["meta"]!["x"] = 2, true },
        { "null became a value", token => token["n"] = "now set", true },
        { "value became null", token => token["role"] = null, true },
        { "claim added", token => token["accessToken"] = "abc", true },
        { "claim removed", token => token.Remove("email"), true },
        { "claim renamed", token => { token.Remove("ok"); token["OK"] = true; }, true },
        { "claim moved to the end", token => { token.Remove("name"); token["name"] = "Ada"; }, false },
        { "claim moved and changed", token => { token.Remove("name"); token["name"] = "Eve"; }, true },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Changed_IsTrueExactlyWhenTheContentDiffers(string edit, Action<JsonObject> change, bool expected)
    {
        var decoded = JsonDocument.Parse(Decoded).RootElement;
        var token = JsonObject.Create(decoded)!;

        change(token);

        Assert.True(expected == SessionCookieEvents.Changed(token, decoded), edit);
    }

    [Fact]
    public void Changed_IsFalseForAnotherObjectWithTheSameContent()
    {
        var decoded = JsonDocument.Parse(Decoded).RootElement;

        Assert.False(SessionCookieEvents.Changed(JsonNode.Parse(Decoded)!.AsObject(), decoded));
        Assert.True(SessionCookieEvents.Changed(new JsonObject(), decoded));
    }
}
