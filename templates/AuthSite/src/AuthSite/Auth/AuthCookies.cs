namespace AuthSite.Auth;

/// <summary>Names and attributes of the engine's cookies for one request.</summary>
internal static class AuthCookies
{
    /// <summary>Whether this request's cookies are <c>Secure</c>: forced by the options, or because it came over https.</summary>
    public static bool IsSecure(HttpContext context, AuthOptions options) => options.UseSecureCookies ?? context.Request.IsHttps;

    /// <summary>The session cookie's name for this request: <c>__Secure-</c> prefixed when secure, as Auth.js does.</summary>
    public static string SessionTokenName(bool secure, AuthOptions options) =>
        secure ? "__Secure-" + options.Cookies.SessionToken : options.Cookies.SessionToken;

    /// <summary>The CSRF cookie's name: <c>__Host-</c> prefixed when secure, so no subdomain can plant one.</summary>
    public static string CsrfTokenName(bool secure, AuthOptions options) =>
        secure ? "__Host-" + options.Cookies.CsrfToken : options.Cookies.CsrfToken;

    /// <summary><c>HttpOnly</c>, <c>SameSite=Lax</c>, <c>Path=/</c>, and <c>Secure</c> when the request is secure.</summary>
    public static CookieOptions Options(bool secure) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Secure = secure,
        IsEssential = true,
    };
}
