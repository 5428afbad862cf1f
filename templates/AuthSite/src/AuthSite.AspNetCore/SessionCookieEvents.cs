using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Hooks the jwt callback and NextAuth's redirects into the framework's cookie handler, so every reader of the
/// session — the session helper, the middleware, <c>[Authorize]</c> — sees the same token through one code path.
/// </summary>
internal sealed class SessionCookieEvents(IOptions<SessionAuthOptions> options, TimeProvider timeProvider) : CookieAuthenticationEvents
{
    /// <summary>
    /// Runs the jwt callback on the decoded token (with the <c>refresh</c> trigger once it is older than <c>UpdateAge</c>)
    /// and re-issues the cookie then, or when the callback changed the token.
    /// </summary>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal?.Identity is not SessionIdentity identity)
        {
            context.RejectPrincipal();
            return;
        }

        var auth = options.Value;
        var now = timeProvider.GetUtcNow();
        var due = context.Properties.IssuedUtc is not { } issued || now - issued >= auth.Session.UpdateAge;
        var decoded = identity.Decoded ?? JsonSerializer.SerializeToElement(identity.Token);
        var token = await auth.Callbacks.Jwt(new JwtCallbackContext(context.HttpContext, identity.Token, due ? JwtTriggers.Refresh : null));
        if (token is null)
        {
            context.RejectPrincipal();
            return;
        }

        // A callback that changed the token (a refreshed access token, a new role) must reach the cookie, or it is lost.
        var changed = Changed(token, decoded);
        if (changed)
        {
            context.ReplacePrincipal(new ClaimsPrincipal(new SessionIdentity(token)));
        }

        if (changed || due)
        {
            context.ShouldRenew = true;
            context.Properties.IssuedUtc = now;
            context.Properties.ExpiresUtc = now + SessionTicketFormat.Lifetime(auth);
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
