using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>Arguments of <see cref="SessionAuthMiddlewareOptions.Authorized"/> and <see cref="SessionAuthMiddlewareOptions.Handler"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Path">
/// The path being decided, in a normal form without trailing slash: decoded with <c>//</c> and dot segments removed, or
/// as routing reads it (<c>%2F</c> kept inside a segment), or the folder path of a Razor Pages <c>/Index</c>. When a
/// request's spellings differ, the callback runs once for each that the matcher matches, and every one must allow. Test
/// this, not the raw path, so <c>//Admin/.</c> cannot pass for something else. Compare case-insensitively.
/// </param>
/// <param name="Token">The session token after the jwt callback, or <see langword="null"/> when nobody is signed in.</param>
public sealed record AuthorizedContext(HttpContext HttpContext, PathString Path, JsonObject? Token)
{
    /// <summary>The token's <c>role</c> claim, or <see langword="null"/>.</summary>
    public string? Role => Token?["role"] is JsonValue role && role.TryGetValue<string>(out var value) ? value : null;
}
