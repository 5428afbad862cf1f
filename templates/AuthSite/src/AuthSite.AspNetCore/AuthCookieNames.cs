namespace AuthSite.AspNetCore;

/// <summary>
/// Cookie names. Each site gets its own names, so two sites on localhost do not sign each other out.
/// The <c>__Secure-</c> prefix is added when cookies are secure. Set <see cref="SessionToken"/> to
/// <c>authjs.session-token</c> to share sign-in with an Auth.js app that has the same secret.
/// </summary>
public sealed class AuthCookieNames
{
    /// <summary>The session token cookie (split into <c>name.0</c>, <c>name.1</c>, ... when too large).</summary>
    public string SessionToken { get; set; } = "authsite.session-token";

    /// <summary>The CSRF double-submit cookie.</summary>
    public string CsrfToken { get; set; } = "authsite.csrf-token";
}
