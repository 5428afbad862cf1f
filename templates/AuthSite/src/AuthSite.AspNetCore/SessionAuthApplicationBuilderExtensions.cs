using AuthSite.AspNetCore.Middleware;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the session middleware (NextAuth's <c>next-auth/middleware</c>) to the pipeline.</summary>
public static class SessionAuthApplicationBuilderExtensions
{
    /// <summary>
    /// Guards the paths of <c>Auth:Middleware:Matcher</c> with the <c>Authorized</c> callback. Place it before
    /// <c>UseStaticFiles</c> (files under a guarded path are guarded too) and before <c>UseRouting</c> (which then routes
    /// a denied request to the error page, rendered in place with 403). Placed after <c>UseRouting</c>, a denied request
    /// is still denied, but answered 404.
    /// </summary>
    public static IApplicationBuilder UseSessionAuth(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<SessionAuthMiddleware>();
    }
}
