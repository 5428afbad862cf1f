using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;

namespace AuthSite.AspNetCore;

/// <summary>
/// Starts the session of a user who passed a provider and the signIn callback: the session record, the jwt callback
/// (jwt strategy) or the session row (database strategy), the session cookie, the log line and the signIn event. One code
/// path for credentials, OAuth and OpenID Connect (NextAuth v4 <c>routes/callback.ts</c>).
/// </summary>
internal static class SessionIssuer
{
    /// <summary>Returns <see langword="false"/> when the jwt callback refused the token (no session was started).</summary>
    public static async Task<bool> IssueAsync(
        HttpContext context, SessionAuthOptions auth, ILogger logger, AuthUser user, AuthAccount account, JsonObject? profile, bool isNewUser)
    {
        var sessions = context.RequestServices.GetRequiredService<SessionManager>();
        var principal = auth.Session.Strategy == SessionStrategy.Database
            ? null
            : await ShapeTokenAsync(context, auth, user, account, profile, isNewUser);
        if (auth.Session.Strategy == SessionStrategy.Jwt && principal is null)
        {
            return false;
        }

        // A browser that signs in again leaves its previous session, which nobody can use any more: end it.
        await sessions.EndCurrentAsync(context, SessionRevocationReason.SignOut);

        var properties = new AuthenticationProperties { IsPersistent = true };
        if (auth.Session.Strategy == SessionStrategy.Database)
        {
            var token = DatabaseSessionTokens.Create();
            var session = (await sessions.StartAsync(context, user.Id, DatabaseSessionTokens.Hash(token)))!;
            principal = new ClaimsPrincipal(new SessionIdentity(DatabaseSessions.ClaimsOf(user)) { SessionId = session.Id, User = user });
            properties.Items[SessionCookieEvents.DatabaseTokenItem] = token;
            properties.IssuedUtc = session.CreatedAt;
            properties.ExpiresUtc = session.Expires;
        }
        else if (await sessions.StartAsync(context, user.Id, sessionTokenHash: null) is { } session)
        {
            var identity = (SessionIdentity)principal!.Identity!;
            identity.Token[SessionAuthDefaults.SessionIdClaim] = session.Id;
            principal = new ClaimsPrincipal(new SessionIdentity(identity.Token));
        }

        await context.SignInAsync(SessionAuthDefaults.AuthenticationScheme, principal!, properties);
        AuthLog.SignedIn(logger, user.Id, account.Provider);
        await AuthLog.RaiseAsync(logger, "signIn", () => auth.Events.SignIn(new SignInEventContext(context, user, account, isNewUser)));
        return true;
    }

    // The jwt callback shapes the token (NextAuth's signIn and signUp triggers); null when it refused.
    private static async Task<ClaimsPrincipal?> ShapeTokenAsync(
        HttpContext context, SessionAuthOptions auth, AuthUser user, AuthAccount account, JsonObject? profile, bool isNewUser)
    {
        var token = new JsonObject();
        AddIfPresent(token, "name", user.Name);
        AddIfPresent(token, "email", user.Email);
        AddIfPresent(token, "picture", user.Image);
        token["sub"] = user.Id;

        var trigger = isNewUser ? JwtTriggers.SignUp : JwtTriggers.SignIn;
        return await auth.Callbacks.Jwt(new JwtCallbackContext(context, token, trigger) { User = user, Account = account, Profile = profile }) is { } shaped
            ? new ClaimsPrincipal(new SessionIdentity(shaped))
            : null;
    }

    private static void AddIfPresent(JsonObject token, string claim, string? value)
    {
        if (value is not null)
        {
            token[claim] = value;
        }
    }
}
