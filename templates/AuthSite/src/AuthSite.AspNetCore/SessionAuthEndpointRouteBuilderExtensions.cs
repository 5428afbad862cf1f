using AuthSite.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps NextAuth's REST API (<see cref="SessionAuthDefaults.ApiBasePath"/>) on a site that calls <c>AddSessionAuth</c>.</summary>
public static class SessionAuthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps NextAuth's REST API under <c>/api/auth</c>, with its routes and JSON shapes: <c>csrf</c>, <c>providers</c>,
    /// <c>session</c> (GET, and POST to update), <c>signin</c> and <c>signin/{provider}</c>, <c>callback/{provider}</c>,
    /// <c>signout</c> and <c>error</c>. Every POST that changes state checks the CSRF token first; other methods get 405,
    /// unknown routes under <c>/api/auth</c> 404, always as JSON.
    /// </summary>
    /// <param name="endpoints">The site's endpoints, e.g. the <c>WebApplication</c>.</param>
    /// <returns>The route group of <c>/api/auth</c>, to add conventions (rate limiting, CORS ...) to every route.</returns>
    public static IEndpointConventionBuilder MapSessionAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return SessionAuthEndpoints.Map(endpoints);
    }
}
