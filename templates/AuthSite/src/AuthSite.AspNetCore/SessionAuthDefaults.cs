namespace AuthSite.AspNetCore;

/// <summary>Constants of the session engine.</summary>
public static class SessionAuthDefaults
{
    /// <summary>The authentication scheme of the session cookie; the default scheme of the site.</summary>
    public const string AuthenticationScheme = "Session";

    /// <summary>Where NextAuth's REST API lives.</summary>
    public const string ApiBasePath = "/api/auth";

    /// <summary>
    /// The token claim that carries the recorded session's id under the jwt strategy (<c>sid</c>, as in OpenID Connect), by which
    /// a session is listed and revoked. The engine puts it back if the jwt callback drops it.
    /// </summary>
    public const string SessionIdClaim = "sid";
}
