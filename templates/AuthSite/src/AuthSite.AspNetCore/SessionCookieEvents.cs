using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Hooks the session strategy, revocation, the jwt callback and NextAuth's redirects into the framework's cookie handler,
/// so every reader of the session — the session helper, the middleware, <c>[Authorize]</c> — sees the same session through
/// one code path.
/// </summary>
internal sealed class SessionCookieEvents(
    IOptions<SessionAuthOptions> options, TimeProvider timeProvider, SessionRevocations revocations, DatabaseSessions databaseSessions, SessionManager sessions, IServiceProvider services)
    : CookieAuthenticationEvents
{
    /// <summary>The ticket property that carries a database session's token from the ticket format to here and back.</summary>
    public const string DatabaseTokenItem = ".session-token";

    private readonly ISessionAdapter? _adapter = services.GetService<ISessionAdapter>();

    /// <summary>Reads the session of the cookie under the configured strategy: every reader of it comes through here.</summary>
    public override Task ValidatePrincipal(CookieValidatePrincipalContext context) =>
        options.Value.Session.Strategy == SessionStrategy.Database ? ValidateDatabaseSessionAsync(context) : ValidateTokenAsync(context);

    /// <summary>
    /// Jwt strategy: refuses a revoked session, runs the jwt callback on the decoded token (with the <c>refresh</c> trigger
    /// once it is older than <c>UpdateAge</c>) and re-issues the cookie then, or when the callback changed the token. Each
    /// re-issue also extends the session's row, so a session ended anywhere is refused at its next re-issue at the latest.
    /// </summary>
    private async Task ValidateTokenAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity is not SessionIdentity identity
            || (identity.SessionId is { } revocable && await revocations.IsRevokedAsync(revocable)))
        {
            context.RejectPrincipal();
            return;
        }

        var auth = options.Value;
        var now = timeProvider.GetUtcNow();
        var lifetime = SessionTicketFormat.Lifetime(auth);
        var due = context.Properties.IssuedUtc is not { } issued || now - issued >= auth.Session.UpdateAge;
        var decoded = identity.Decoded ?? JsonSerializer.SerializeToElement(identity.Token);
        var token = await auth.Callbacks.Jwt(new JwtCallbackContext(context.HttpContext, identity.Token, due ? JwtTriggers.Refresh : null));
        if (token is null)
        {
            context.RejectPrincipal();
            return;
        }

        // The session id must survive whatever the callback returned, or the session could no longer be ended.
        var sessionId = identity.SessionId;
        if (sessionId is not null && token[SessionAuthDefaults.SessionIdClaim] is not JsonValue)
        {
            token[SessionAuthDefaults.SessionIdClaim] = sessionId;
        }

        // A callback that changed the token (a refreshed access token, a new role) must reach the cookie, or it is lost.
        var changed = Changed(token, decoded);
        if (changed)
        {
            context.ReplacePrincipal(new ClaimsPrincipal(new SessionIdentity(token)));
        }

        if (!changed && !due)
        {
            return;
        }

        // Every re-issued token extends its session's row, which also finds a session ended elsewhere before this instance
        // learns of it: a token re-issued on every request (a callback that changes it each time) must not outlive its row.
        if (sessionId is not null && !await sessions.ExtendAsync(sessionId, now, now + lifetime, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            return;
        }

        // A token from before sessions were recorded (or from Auth.js) joins the session list at its first refresh.
        if (sessionId is null && sessions.IsEnabled && token["sub"] is JsonValue sub && sub.TryGetValue(out string? userId)
            && await sessions.StartAsync(context.HttpContext, userId, sessionTokenHash: null) is { } started)
        {
            token[SessionAuthDefaults.SessionIdClaim] = started.Id;
            context.ReplacePrincipal(new ClaimsPrincipal(new SessionIdentity(token)));
        }

        context.ShouldRenew = true;
        context.Properties.IssuedUtc = now;
        context.Properties.ExpiresUtc = now + lifetime;
    }

    /// <summary>
    /// Database strategy (NextAuth's <c>getSessionAndUser</c>, then <c>updateSession</c> once <c>UpdateAge</c> has passed):
    /// the cookie's token names a live row, whose user becomes the identity. The jwt callback does not run, as in NextAuth.
    /// </summary>
    private async Task ValidateDatabaseSessionAsync(CookieValidatePrincipalContext context)
    {
        var now = timeProvider.GetUtcNow();
        if (!context.Properties.Items.TryGetValue(DatabaseTokenItem, out var sessionToken) || sessionToken is null
            || await databaseSessions.FindAsync(sessionToken) is not { } found
            || revocations.IsRevoked(found.Session.Id, now))
        {
            context.RejectPrincipal();
            return;
        }

        var auth = options.Value;
        var lifetime = SessionTicketFormat.Lifetime(auth);
        context.ReplacePrincipal(new ClaimsPrincipal(found.CreateIdentity()));
        context.Properties.IssuedUtc = found.Session.Expires - lifetime;
        context.Properties.ExpiresUtc = found.Session.Expires;
        // Of the requests that find the session due at once, one extends it; the others go on with it as it is.
        if (now - context.Properties.IssuedUtc >= auth.Session.UpdateAge && found.TryClaimExtension())
        {
            var expires = now + lifetime;
            await _adapter!.UpdateSessionAsync(found.Session.Id, now, expires, context.HttpContext.RequestAborted);
            databaseSessions.Extended(sessionToken, found, now, expires);
            context.ShouldRenew = true;
            context.Properties.IssuedUtc = now;
            context.Properties.ExpiresUtc = expires;
        }
    }

    /// <summary>
    /// Whether <paramref name="token"/> differs from the token read from the cookie. Compares property by property with
    /// the shared decoded form, so an unchanged token costs no copy.
    /// </summary>
    internal static bool Changed(JsonObject token, JsonElement decoded)
    {
        if (token.Count != decoded.GetPropertyCount())
        {
            return true;
        }

        // Properties keep their order unless the callback removed and added one back; those are looked up by name.
        var originals = decoded.EnumerateObject();
        foreach (var (name, node) in token)
        {
            JsonElement original;
            if (originals.MoveNext() && originals.Current.NameEquals(name))
            {
                original = originals.Current.Value;
            }
            else if (!decoded.TryGetProperty(name, out original))
            {
                return true;
            }

            // Values the callback left alone still wrap the decoded JSON, the very same bytes; anything else is
            // compared as a node.
            var same = node is JsonValue value && value.TryGetValue(out JsonElement element)
                ? JsonMarshal.GetRawUtf8Value(element).SequenceEqual(JsonMarshal.GetRawUtf8Value(original))
                    || JsonElement.DeepEquals(element, original)
                : JsonNode.DeepEquals(node, original.ValueKind switch
                {
                    JsonValueKind.Object => JsonObject.Create(original),
                    JsonValueKind.Array => JsonArray.Create(original),
                    _ => JsonValue.Create(original),
                });
            if (!same)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Anonymous: JSON callers get 401, browsers the sign-in page with a <c>callbackUrl</c> back here.</summary>
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        AuthResponses.Challenge(context.HttpContext, options.Value);

    /// <summary>Signed in but not allowed: JSON callers get 403, browsers the error page's <c>AccessDenied</c> (never the sign-in page again).</summary>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        AuthResponses.Forbid(context.HttpContext, options.Value);
}
