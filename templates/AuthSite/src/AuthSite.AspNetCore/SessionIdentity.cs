using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;

namespace AuthSite.AspNetCore;

/// <summary>
/// The identity of a session: the token's claims as <see cref="Claim"/>s, so <c>User.Identity.Name</c>,
/// <c>User.IsInRole</c> and <c>[Authorize(Roles = ...)]</c> work, plus the token itself for code that wants the JSON.
/// </summary>
internal sealed class SessionIdentity : ClaimsIdentity
{
    /// <summary>Creates the identity of <paramref name="token"/>.</summary>
    public SessionIdentity(JsonObject token)
        : this(token, SessionTokenClaims.ToClaimValues(token), decoded: null)
    {
        SessionId = token[SessionAuthDefaults.SessionIdClaim] is JsonValue sid && sid.TryGetValue(out string? id) ? id : null;
    }

    /// <summary>The identity of a token read from the cookie, from the claim values decoded with it.</summary>
    internal SessionIdentity(JsonObject token, IReadOnlyList<KeyValuePair<string, string>> claims, JsonElement? decoded)
        : base(SessionAuthDefaults.AuthenticationScheme, "name", "role")
    {
        Token = token;
        Decoded = decoded;

        // Claims made with this identity as their subject are kept as they are; any other claim would be copied.
        for (var i = 0; i < claims.Count; i++)
        {
            AddClaim(new Claim(claims[i].Key, claims[i].Value, ClaimValueTypes.String, DefaultIssuer, DefaultIssuer, this));
        }
    }

    private SessionIdentity(SessionIdentity other)
        : base(other)
    {
        Token = other.Token;
        Decoded = other.Decoded;
        SessionId = other.SessionId;
        User = other.User;
    }

    /// <summary>The token's claims as JSON (NextAuth's <c>getToken</c> result).</summary>
    public JsonObject Token { get; }

    /// <summary>The token as it was read from the cookie, before any callback; <see langword="null"/> for a token made in code.</summary>
    internal JsonElement? Decoded { get; }

    /// <summary>
    /// The id of the recorded session (<see cref="AdapterSession.Id"/>): the token's <c>sid</c> (jwt strategy) or the row's id
    /// (database strategy); <see langword="null"/> for a token no session was recorded for.
    /// </summary>
    internal string? SessionId { get; init; }

    /// <summary>The user as the store has it (database strategy only), for the session callback.</summary>
    internal AuthUser? User { get; init; }

    /// <inheritdoc />
    public override ClaimsIdentity Clone() => new SessionIdentity(this);

    /// <summary>The token of <paramref name="principal"/>: its session token, or one made from its claims.</summary>
    public static JsonObject TokenOf(ClaimsPrincipal principal)
    {
        if (principal.Identity is SessionIdentity session)
        {
            return session.Token;
        }

        var token = new JsonObject();
        foreach (var group in principal.Claims.GroupBy(c => c.Type))
        {
            var values = group.Select(c => (JsonNode?)JsonValue.Create(c.Value)).ToArray();
            token[group.Key] = values.Length == 1 ? values[0] : new JsonArray(values);
        }

        return token;
    }
}
