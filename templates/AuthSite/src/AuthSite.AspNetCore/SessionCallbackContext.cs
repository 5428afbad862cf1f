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

    /// <summary>
    /// The <c>data</c> the client sent with <c>update(data)</c> (<c>POST /api/auth/session</c>), as sent, under the
    /// database strategy only (NextAuth's <c>newSession</c>, <c>routes/session.ts</c>); <see langword="null"/> on a read,
    /// under the jwt strategy (its <see cref="JwtCallbackContext.Session"/> carries the data instead), or when the client
    /// sent none. Nothing is persisted for it: write what should last (e.g. a new display name) to the user's store here.
    /// </summary>
    public JsonNode? NewSession { get; init; }

    /// <summary>
    /// <see cref="JwtTriggers.Update"/> (<c>"update"</c>) when the client updated the session under the database strategy
    /// (NextAuth's <c>trigger</c>, <c>routes/session.ts</c>); otherwise <see langword="null"/>: on a read, and always under
    /// the jwt strategy, whose update reaches <see cref="JwtCallbackContext.Trigger"/>.
    /// </summary>
    public string? Trigger { get; init; }
}
