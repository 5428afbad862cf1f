using AuthSite.Auth.Middleware;

namespace AuthSite.Auth;

/// <summary>
/// Everything the sign-in engine needs, in one place: NextAuth's <c>authOptions</c>.
/// Bound from the <c>Auth</c> configuration section, then from code in <c>AddSessionAuth</c>.
/// The endpoints, the session helper and the cookie handler all read this one object,
/// so pages, cookie names and secrets can never drift apart.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>
    /// Secrets that protect session tokens and CSRF tokens. The first one encrypts; every one decrypts,
    /// so a new secret can be put first while tokens made with the old one stay valid.
    /// Filled from <c>AUTH_SECRET</c>, <c>NEXTAUTH_SECRET</c>, <c>Auth:Secret</c> and <c>Auth:Secrets</c>.
    /// </summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>How long sessions live and how often they are refreshed.</summary>
    public AuthSessionOptions Session { get; set; } = new();

    /// <summary>The session token's lifetime and format.</summary>
    public AuthJwtOptions Jwt { get; set; } = new();

    /// <summary>The paths of the custom sign-in, sign-out and error pages.</summary>
    public AuthPages Pages { get; set; } = new();

    /// <summary>Names of the cookies the engine writes.</summary>
    public AuthCookieNames Cookies { get; set; } = new();

    /// <summary>
    /// <see langword="true"/> always marks cookies <c>Secure</c> with the <c>__Secure-</c> prefix (use it behind a
    /// TLS-terminating proxy); <see langword="false"/> never does; <see langword="null"/> (the default) decides per request by its scheme.
    /// </summary>
    public bool? UseSecureCookies { get; set; }

    /// <summary>Hooks that shape sign-in, redirects, the token and the session (NextAuth's <c>callbacks</c>).</summary>
    public AuthCallbacks Callbacks { get; set; } = new();

    /// <summary>Notifications after sign-in, sign-out and session reads (NextAuth's <c>events</c>).</summary>
    public AuthEvents Events { get; set; } = new();

    /// <summary>Route protection before routing: matchers and the <c>authorized</c> callback (NextAuth's <c>withAuth</c>).</summary>
    public AuthMiddlewareOptions Middleware { get; set; } = new();

    /// <summary>
    /// The email and password provider, bound from <c>Auth:Providers:Credentials</c>. Enabled once
    /// <see cref="CredentialsProvider.Authorize"/> is set.
    /// </summary>
    public CredentialsProvider Credentials { get; set; } = new();
}
