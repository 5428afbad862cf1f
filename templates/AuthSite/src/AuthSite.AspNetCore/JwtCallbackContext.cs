using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthCallbacks.Jwt"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Token">The token's claims; change them or return a new object.</param>
/// <param name="Trigger">One of <see cref="JwtTriggers"/>, or <see langword="null"/> on an ordinary session read.</param>
public sealed record JwtCallbackContext(HttpContext HttpContext, JsonObject Token, string? Trigger)
{
    /// <summary>The user, at sign-in only.</summary>
    public AuthUser? User { get; init; }

    /// <summary>The account used, at sign-in only.</summary>
    public AuthAccount? Account { get; init; }

    /// <summary>The provider's profile (its claims), at an OAuth or OpenID Connect sign-in only.</summary>
    public JsonObject? Profile { get; init; }

    /// <summary>The data the client sent, on an update (<c>POST /api/auth/session</c>) only.</summary>
    public JsonNode? Session { get; init; }
}
