namespace AuthSite.AspNetCore;

/// <summary>Where session state lives.</summary>
public enum SessionStrategy
{
    /// <summary>The whole session is an encrypted token in the cookie; no database read per request.</summary>
    Jwt,

    /// <summary>The cookie holds an opaque id of a row in the sessions table.</summary>
    Database,
}
