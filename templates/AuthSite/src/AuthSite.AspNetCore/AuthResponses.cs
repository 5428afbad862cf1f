using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace AuthSite.AspNetCore;

/// <summary>
/// The answers to "not signed in" and "not allowed", shared by the cookie handler and the middleware. A site's own API
/// endpoints can answer with the same messages, as the template's <c>/api/example</c> does.
/// </summary>
public static class AuthResponses
{
    /// <summary>The body of a 401 JSON answer, as in the NextAuth docs' API route example.</summary>
    public const string SignInRequiredMessage = "You must be logged in.";

    /// <summary>The body of a 403 JSON answer.</summary>
    public const string AccessDeniedMessage = "You do not have access to this resource.";

    /// <summary>Whether the caller wants JSON: a request under <c>/api/</c> or one that accepts <c>application/json</c>.</summary>
    internal static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>
    /// The sign-in page with a <c>callbackUrl</c> of this request's path and query; without it when the URL would pass
    /// <see cref="CallbackUrl.MaxLength"/> characters (proxies refuse long headers, and so long a callback is not followed).
    /// </summary>
    internal static string SignInUrl(HttpRequest request, SessionAuthOptions options)
    {
        var signIn = request.PathBase + options.Pages.SignIn;
        var url = QueryHelpers.AddQueryString(signIn, "callbackUrl", request.PathBase + request.Path + request.QueryString);
        return url.Length <= CallbackUrl.MaxLength ? url : signIn;
    }

    /// <summary>401 JSON, or a redirect to the sign-in page.</summary>
    internal static Task Challenge(HttpContext context, SessionAuthOptions options)
    {
        if (WantsJson(context.Request))
        {
            return Json(context, StatusCodes.Status401Unauthorized, SignInRequiredMessage);
        }

        context.Response.Redirect(SignInUrl(context.Request, options));
        return Task.CompletedTask;
    }

    /// <summary>403 JSON, or a redirect to the error page with <c>AccessDenied</c> (which answers 403).</summary>
    internal static Task Forbid(HttpContext context, SessionAuthOptions options)
    {
        if (WantsJson(context.Request))
        {
            return Json(context, StatusCodes.Status403Forbidden, AccessDeniedMessage);
        }

        context.Response.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + options.Pages.Error, "error", "AccessDenied"));
        return Task.CompletedTask;
    }

    private static Task Json(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new { message });
    }
}
