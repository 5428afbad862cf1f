namespace AuthSite.Auth.Middleware;

/// <summary>Adds <see cref="AuthMiddleware"/> to the pipeline.</summary>
public static class AuthMiddlewareExtensions
{
    /// <summary>
    /// Guards the paths of <c>Auth:Middleware:Matcher</c> with the <c>Authorized</c> callback. Place it after
    /// <c>UseStaticFiles</c> (static files are public) and before <c>UseRouting</c> (so a 403 can render the error page).
    /// </summary>
    public static IApplicationBuilder UseAuthMiddleware(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<AuthMiddleware>();
    }
}
