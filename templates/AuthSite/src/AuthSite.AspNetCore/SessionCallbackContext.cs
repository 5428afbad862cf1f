using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthCallbacks.Session"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Session">The default session, built from the token.</param>
/// <param name="Token">
/// The token, after the jwt callback. Under the database strategy, the user's claims in the same shape (<c>sub</c>,
/// <c>name</c>, <c>email</c>, <c>picture</c>, <c>role</c>), so one callback serves both strategies.
/// </param>
public sealed record SessionCallbackContext(HttpContext HttpContext, Session Session, JsonObject Token)
{
    /// <summary>The user as the store has it, under the database strategy (NextAuth passes <c>user</c> then); otherwise <see langword="null"/>.</summary>
    public AuthUser? User { get; init; }
}
