using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;

namespace AuthSite.AspNetCore;

/// <summary>
/// Starts the session of a user who passed a provider and the signIn callback: the jwt callback, the session cookie,
/// the log line and the signIn event. One code path for credentials, OAuth and OpenID Connect.
/// </summary>
internal static class SessionIssuer
{
    /// <summary>Returns <see langword="false"/> when the jwt callback refused the token (no session was started).</summary>
    public static async Task<bool> IssueAsync(
        HttpContext context, SessionAuthOptions auth, ILogger logger, AuthUser user, AuthAccount account, JsonObject? profile, bool isNewUser)
    {
        var token = new JsonObject();
        AddIfPresent(token, "name", user.Name);
        AddIfPresent(token, "email", user.Email);
        AddIfPresent(token, "picture", user.Image);
        token["sub"] = user.Id;

        var trigger = isNewUser ? JwtTriggers.SignUp : JwtTriggers.SignIn;
        if (await auth.Callbacks.Jwt(new JwtCallbackContext(context, token, trigger) { User = user, Account = account, Profile = profile }) is not { } shaped)
        {
            return false;
        }

        var principal = new ClaimsPrincipal(new SessionIdentity(shaped));
        await context.SignInAsync(SessionAuthDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
        AuthLog.SignedIn(logger, user.Id, account.Provider);
        await AuthLog.RaiseAsync(logger, "signIn", () => auth.Events.SignIn(new SignInEventContext(context, user, account, isNewUser)));
        return true;
    }

    private static void AddIfPresent(JsonObject token, string claim, string? value)
    {
        if (value is not null)
        {
            token[claim] = value;
        }
    }
}
