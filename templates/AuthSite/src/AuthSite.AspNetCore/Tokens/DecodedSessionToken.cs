using System.Text.Json;

namespace AuthSite.AspNetCore.Tokens;

/// <summary>
/// What a session token decoded to, immutable so that every request sending the same cookie can share it: the
/// claims as JSON, the same claims as (type, value) strings for <see cref="SessionIdentity"/>, and the token's times.
/// </summary>
internal sealed class DecodedSessionToken(JsonElement claims, IReadOnlyList<KeyValuePair<string, string>> claimValues)
{
    public JsonElement Claims { get; } = claims;

    public IReadOnlyList<KeyValuePair<string, string>> ClaimValues { get; } = claimValues;

    /// <summary>The <c>sid</c> claim (<see cref="SessionAuthDefaults.SessionIdClaim"/>), when the token has one as a string.</summary>
    public string? SessionId { get; } =
        claims.TryGetProperty(SessionAuthDefaults.SessionIdClaim, out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;

    /// <summary><c>iat</c>, when the token has one.</summary>
    public DateTimeOffset? IssuedAt { get; } = ReadTime(claims, "iat");

    /// <summary><c>exp</c>, when the token has one; a token without it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; } = ReadTime(claims, "exp");

    // A time beyond what DateTimeOffset holds (an exp of 1e300) counts as absent: the codec found such a token valid,
    // and it never expires.
    private static DateTimeOffset? ReadTime(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.TryGetDouble(out var seconds)
            && seconds >= DateTimeOffset.MinValue.ToUnixTimeSeconds() && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
            : null;
}
