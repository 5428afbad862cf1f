using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>NextAuth's <c>getServerSession</c> and <c>getToken</c> for ASP.NET Core.</summary>
public static class SessionAuthHttpContextExtensions
{
    /// <summary>
    /// The current session, or <see langword="null"/> when nobody is signed in. Await it in a page handler, a minimal
    /// API or a Razor view; it is computed once per request however often it is called, and keeps the cookie fresh.
    /// </summary>
    public static Task<Session?> GetServerSessionAsync(this HttpContext context) =>
        context.RequestServices.GetRequiredService<SessionReader>().GetSessionAsync(context);

    /// <summary>The session token's claims (after the jwt callback), or <see langword="null"/> when nobody is signed in.</summary>
    public static Task<JsonObject?> GetSessionTokenAsync(this HttpContext context) => SessionReader.GetTokenAsync(context);
}
