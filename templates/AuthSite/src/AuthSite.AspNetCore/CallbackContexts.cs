using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthCallbacks.SignIn"/>.</summary>
public sealed record SignInCallbackContext(HttpContext HttpContext, AuthUser User, AuthAccount Account)
{
    /// <summary>The provider's profile (its claims), for OAuth and OpenID Connect sign-ins.</summary>
    public JsonObject? Profile { get; init; }
}

/// <summary>Arguments of <see cref="AuthCallbacks.Redirect"/>.</summary>
/// <param name="Url">The requested URL (absolute or a path), not yet trusted.</param>
/// <param name="BaseUrl">The site's origin and path base, e.g. <c>https://example.com</c>.</param>
public sealed record RedirectCallbackContext(HttpContext HttpContext, string Url, string BaseUrl);

/// <summary>Arguments of <see cref="AuthCallbacks.Jwt"/>.</summary>
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

/// <summary>Arguments of <see cref="AuthCallbacks.Session"/>.</summary>
/// <param name="Session">The default session, built from the token.</param>
/// <param name="Token">The token, after the jwt callback.</param>
public sealed record SessionCallbackContext(HttpContext HttpContext, Session Session, JsonObject Token);
