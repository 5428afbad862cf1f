using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;

namespace AuthSite.Benchmarks;

/// <summary>
/// The one set of claims every token benchmark carries, in both formats: the demo admin's session
/// (name, email, picture, sub, role, iat, exp, jti), as the site's sign-in writes it.
/// </summary>
public static class SameClaims
{
    /// <summary>A production-like secret (≥ 32 characters), shared by the codec and the hosts.</summary>
    public const string Secret = "bench-secret-0b5c2f7e9a1d4c3b8e6f0a2d4c6e8f1a";

    /// <summary>The site's default session cookie name, which also salts the token key.</summary>
    public const string SessionCookie = "authsite.session-token";

    public const string Name = "Demo Admin";
    public const string Email = "admin@example.com";
    public const string Picture = "https://example.com/avatars/admin.png";
    public const string Subject = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
    public const string Role = "admin";

    /// <summary>The token payload the site encodes, issued at <paramref name="issued"/> and living 30 days.</summary>
    public static JsonObject Payload(DateTimeOffset issued) => new()
    {
        ["name"] = Name,
        ["email"] = Email,
        ["picture"] = Picture,
        ["sub"] = Subject,
        ["role"] = Role,
        ["iat"] = issued.ToUnixTimeSeconds(),
        ["exp"] = (issued + TimeSpan.FromDays(30)).ToUnixTimeSeconds(),
        ["jti"] = "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a",
    };

    /// <summary>The same claims as a framework cookie ticket (times also in the properties, as the cookie handler keeps them).</summary>
    public static AuthenticationTicket Ticket(DateTimeOffset issued, string scheme)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim("name", Name),
                new Claim("email", Email),
                new Claim("picture", Picture),
                new Claim("sub", Subject),
                new Claim("role", Role),
                new Claim("iat", issued.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim("exp", (issued + TimeSpan.FromDays(30)).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim("jti", "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a"),
            ],
            scheme, "name", "role");
        var properties = new AuthenticationProperties
        {
            IsPersistent = true,
            IssuedUtc = issued,
            ExpiresUtc = issued + TimeSpan.FromDays(30),
        };
        return new AuthenticationTicket(new ClaimsPrincipal(identity), properties, scheme);
    }
}
