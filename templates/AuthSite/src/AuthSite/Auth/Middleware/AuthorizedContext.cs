using System.Text.Json.Nodes;

namespace AuthSite.Auth.Middleware;

/// <summary>Arguments of <see cref="AuthMiddlewareOptions.Authorized"/> and <see cref="AuthMiddlewareOptions.Handler"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Path">
/// The request path in normal form (decoded, <c>//</c> and dot segments removed, no trailing slash): test this,
/// not the raw path, so <c>//Admin/.</c> cannot pass for something else. Compare case-insensitively.
/// </param>
/// <param name="Token">The session token after the jwt callback, or <see langword="null"/> when nobody is signed in.</param>
public sealed record AuthorizedContext(HttpContext HttpContext, PathString Path, JsonObject? Token)
{
    /// <summary>The token's <c>role</c> claim, or <see langword="null"/>.</summary>
    public string? Role => Token?["role"] is JsonValue role && role.TryGetValue<string>(out var value) ? value : null;
}
