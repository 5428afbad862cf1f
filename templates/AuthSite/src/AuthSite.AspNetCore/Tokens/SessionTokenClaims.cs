using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore.Tokens;

/// <summary>Parses a decrypted or verified token payload and applies the time checks every codec shares.</summary>
internal static class SessionTokenClaims
{
    /// <summary>The clock skew NextAuth v4 and Auth.js allow on <c>exp</c> and <c>nbf</c>.</summary>
    public const int ClockToleranceSeconds = 15;

    // Duplicate names would otherwise surface as an exception the first time the caller reads the object.
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Returns the claims when <paramref name="utf8Json"/> is a JSON object whose time claims hold at
    /// <paramref name="now"/>, otherwise <see langword="null"/>.
    /// </summary>
    public static JsonObject? Read(ReadOnlySpan<byte> utf8Json, DateTimeOffset now)
    {
        JsonObject? claims;
        try
        {
            claims = JsonNode.Parse(utf8Json, documentOptions: DocumentOptions) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        // The rules of jose, which both NextAuth v4 and Auth.js use: each time claim is optional, but when
        // present it must be a number; a token without exp never expires.
        if (claims is null
            || !TryReadTime(claims, "iat", out _)
            || !TryReadTime(claims, "nbf", out var notBefore)
            || !TryReadTime(claims, "exp", out var expires))
        {
            return null;
        }

        var seconds = now.ToUnixTimeSeconds();
        if (notBefore > seconds + ClockToleranceSeconds || expires <= seconds - ClockToleranceSeconds)
        {
            return null;
        }

        return claims;
    }

    /// <summary>
    /// The claims as <see cref="System.Security.Claims.Claim"/> types and values: each string as is, each string of an
    /// array as its own claim, numbers and booleans as their JSON text; objects and nulls have no claim form.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToClaimValues(JsonObject claims)
    {
        var values = new List<KeyValuePair<string, string>>(claims.Count);
        foreach (var (type, value) in claims)
        {
            switch (value?.GetValueKind())
            {
                case JsonValueKind.String:
                    values.Add(new(type, value.GetValue<string>()));
                    break;
                case JsonValueKind.Array:
                    foreach (var item in value.AsArray())
                    {
                        if (item?.GetValueKind() == JsonValueKind.String)
                        {
                            values.Add(new(type, item.GetValue<string>()));
                        }
                    }

                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    values.Add(new(type, value.ToJsonString()));
                    break;
            }
        }

        return values;
    }

    private static bool TryReadTime(JsonObject claims, string name, out double? seconds)
    {
        seconds = null;
        if (!claims.TryGetPropertyValue(name, out var node))
        {
            return true;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out double number))
        {
            seconds = number;
            return true;
        }

        return false;
    }
}
