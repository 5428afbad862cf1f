using AuthSite.AspNetCore.Middleware;

namespace AuthSite.AspNetCore;

/// <summary>
/// Everything the sign-in engine needs, in one place: NextAuth's <c>authOptions</c>.
/// Bound from the <c>Auth</c> configuration section, then from code in <c>AddSessionAuth</c>.
/// The endpoints, the session helper and the cookie handler all read this one object,
/// so pages, cookie names and secrets can never drift apart.
/// </summary>
public sealed class SessionAuthOptions
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
    /// <see langword="true"/> always marks cookies <c>Secure</c> with the <c>__Secure-</c> prefix; <see langword="false"/>
    /// never does; <see langword="null"/> (the default) decides per request by its scheme, which behind a proxy is the
    /// one <see cref="TrustedProxies"/> or <see cref="Url"/> give.
    /// </summary>
    public bool? UseSecureCookies { get; set; }

    /// <summary>
    /// The site's canonical origin, e.g. <c>https://example.com</c> (NextAuth's <c>NEXTAUTH_URL</c>). When set, every
    /// request is taken to have this scheme and host, so absolute URLs (redirects, <c>/api/auth/providers</c>, the OAuth
    /// <c>redirect_uri</c>) and same-origin checks use it and a forged <c>Host</c> or <c>X-Forwarded-Host</c> steers
    /// nothing. Filled from <c>AUTH_URL</c>, <c>NEXTAUTH_URL</c> or <c>Auth:Url</c>. An origin only: a site under a path
    /// sets <c>PathBase</c>; NextAuth's form with a <c>/api/auth</c> path is accepted. <see langword="null"/> (the default)
    /// uses each request's own scheme and host.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// IP addresses (<c>10.0.0.5</c>) and networks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of the reverse proxies in front
    /// of the site. Their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers give the client's address and
    /// scheme (the framework's forwarded headers middleware, run first); anyone else's are ignored. Empty (the default)
    /// trusts no proxy. The framework's own <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> keeps its meaning (trust
    /// every sender) and takes precedence.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Hooks that shape sign-in, redirects, the token and the session (NextAuth's <c>callbacks</c>).</summary>
    public AuthCallbacks Callbacks { get; set; } = new();

    /// <summary>Notifications after sign-in, sign-out and session reads (NextAuth's <c>events</c>).</summary>
    public AuthEvents Events { get; set; } = new();

    /// <summary>Route protection before routing: matchers and the <c>authorized</c> callback (NextAuth's <c>withAuth</c>).</summary>
    public SessionAuthMiddlewareOptions Middleware { get; set; } = new();

    /// <summary>
    /// The email and password provider, bound from <c>Auth:Providers:Credentials</c>. Enabled once
    /// <see cref="CredentialsProvider.Authorize"/> is set.
    /// </summary>
    public CredentialsProvider Credentials { get; set; } = new();
}
