namespace AuthSite.AspNetCore;

/// <summary>Constants of the session engine.</summary>
public static class SessionAuthDefaults
{
    /// <summary>The authentication scheme of the session cookie; the default scheme of the site.</summary>
    public const string AuthenticationScheme = "Session";

    /// <summary>Where NextAuth's REST API lives.</summary>
    public const string ApiBasePath = "/api/auth";
}
