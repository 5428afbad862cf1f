using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>
/// Hooks that decide what happens at sign-in and on every session read (NextAuth's <c>callbacks</c>).
/// Each defaults to NextAuth's behaviour; replace the ones you need in <c>AddSessionAuth</c>.
/// </summary>
public sealed class AuthCallbacks
{
    /// <summary>Whether a user may sign in. Return <see langword="false"/> to refuse with <c>AccessDenied</c>.</summary>
    public Func<SignInCallbackContext, ValueTask<bool>> SignIn { get; set; } = _ => ValueTask.FromResult(true);

    /// <summary>
    /// Where to send the browser after sign-in or sign-out. The default allows only same-origin URLs;
    /// anything else becomes the site's root, so a crafted <c>callbackUrl</c> can never redirect off-site.
    /// </summary>
    public Func<RedirectCallbackContext, ValueTask<string>> Redirect { get; set; } =
        context => ValueTask.FromResult(CallbackUrl.SameOriginOrBase(context.Url, context.BaseUrl));

    /// <summary>
    /// Shapes the token: runs at sign-in (with the user), on every session read and on session updates.
    /// Return <see langword="null"/> to end the session.
    /// </summary>
    public Func<JwtCallbackContext, ValueTask<JsonObject?>> Jwt { get; set; } =
        context => ValueTask.FromResult<JsonObject?>(context.Token);

    /// <summary>Shapes the session that pages and <c>/api/auth/session</c> see. Return <see langword="null"/> for "no session".</summary>
    public Func<SessionCallbackContext, ValueTask<Session?>> Session { get; set; } =
        context => ValueTask.FromResult<Session?>(context.Session);
}
