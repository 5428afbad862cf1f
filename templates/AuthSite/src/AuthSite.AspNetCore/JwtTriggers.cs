namespace AuthSite.AspNetCore;

/// <summary>Why the jwt callback runs (<see cref="JwtCallbackContext.Trigger"/>); <see langword="null"/> on an ordinary session read.</summary>
public static class JwtTriggers
{
    /// <summary>A user signed in.</summary>
    public const string SignIn = "signIn";

    /// <summary>A user signed in for the first time (OAuth providers).</summary>
    public const string SignUp = "signUp";

    /// <summary>The client updated the session (<c>POST /api/auth/session</c>).</summary>
    public const string Update = "update";

    /// <summary>
    /// The token is older than <c>Session:UpdateAge</c> and is re-issued on this request: the moment to reload what may
    /// have changed (a role, a disabled account) without a database read on every request. Not in NextAuth.
    /// </summary>
    public const string Refresh = "refresh";
}
