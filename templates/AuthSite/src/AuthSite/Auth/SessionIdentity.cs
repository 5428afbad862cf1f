using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthSite.Auth;

/// <summary>
/// The identity of a session: the token's claims as <see cref="Claim"/>s, so <c>User.Identity.Name</c>,
/// <c>User.IsInRole</c> and <c>[Authorize(Roles = ...)]</c> work, plus the token itself for code that wants the JSON.
/// </summary>
public sealed class SessionIdentity : ClaimsIdentity
{
    /// <summary>Creates the identity of <paramref name="token"/>.</summary>
    public SessionIdentity(JsonObject token)
        : base(ToClaims(token), SessionAuthDefaults.AuthenticationScheme, "name", "role")
    {
        Token = token;
    }

    private SessionIdentity(SessionIdentity other)
        : base(other)
    {
        Token = other.Token;
    }

    /// <summary>The token's claims as JSON (NextAuth's <c>getToken</c> result).</summary>
    public JsonObject Token { get; }

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

    private static IEnumerable<Claim> ToClaims(JsonObject token)
    {
        foreach (var (key, value) in token)
        {
            switch (value?.GetValueKind())
            {
                case JsonValueKind.String:
                    yield return new Claim(key, value.GetValue<string>());
                    break;
                case JsonValueKind.Array:
                    foreach (var item in value.AsArray())
                    {
                        if (item?.GetValueKind() == JsonValueKind.String)
                        {
                            yield return new Claim(key, item.GetValue<string>());
                        }
                    }

                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    yield return new Claim(key, value.ToJsonString());
                    break;
            }
        }
    }
}
