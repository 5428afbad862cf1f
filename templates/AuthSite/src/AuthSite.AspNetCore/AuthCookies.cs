namespace AuthSite.AspNetCore;

/// <summary>Names and attributes of the engine's cookies for one request.</summary>
internal static class AuthCookies
{
    /// <summary>Whether this request's cookies are <c>Secure</c>: forced by the options, or because it came over https.</summary>
    public static bool IsSecure(HttpContext context, SessionAuthOptions options) => options.UseSecureCookies ?? context.Request.IsHttps;

    /// <summary>The session cookie's name for this request: <c>__Secure-</c> prefixed when secure, as Auth.js does.</summary>
    public static string SessionTokenName(bool secure, SessionAuthOptions options) =>
        secure ? "__Secure-" + options.Cookies.SessionToken : options.Cookies.SessionToken;

    /// <summary>
    /// The CSRF cookie's name: when secure, <c>__Host-</c> prefixed so no subdomain can plant one; a site under a path
    /// base gets <c>__Secure-</c> instead, since browsers accept <c>__Host-</c> cookies only with <c>Path=/</c>.
    /// </summary>
    public static string CsrfTokenName(HttpContext context, bool secure, SessionAuthOptions options) =>
        !secure ? options.Cookies.CsrfToken
        : context.Request.PathBase.HasValue ? "__Secure-" + options.Cookies.CsrfToken
        : "__Host-" + options.Cookies.CsrfToken;

    /// <summary>
    /// <c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Secure</c> when the request is secure, and the site's path base as
    /// <c>Path</c> (<c>/</c> without one), so sites under different paths of one host keep their cookies apart.
    /// </summary>
    public static CookieOptions Options(HttpContext context, bool secure) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.ToUriComponent() : "/",
        Secure = secure,
        IsEssential = true,
    };
}
