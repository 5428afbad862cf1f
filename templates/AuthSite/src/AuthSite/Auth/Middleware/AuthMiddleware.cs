using Microsoft.Extensions.Options;

namespace AuthSite.Auth.Middleware;

/// <summary>
/// Guards matched paths before routing, the way <c>next-auth/middleware</c> does, with three differences:
/// the token goes through the jwt callback and the cookie is refreshed (the same code path as
/// <see cref="HttpContextSessionExtensions.GetServerSessionAsync"/>), a signed-in user who is denied gets 403
/// rather than a sign-in loop, and paths are matched in normal form so no spelling of a guarded path slips through.
/// </summary>
public sealed class AuthMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuthOptions _options;
    private readonly RequestMatcher? _matcher;
    private readonly string[] _bypassedPages;

    /// <summary>Compiles the matcher once; an invalid pattern has already stopped start-up in options validation.</summary>
    public AuthMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
    {
        _next = next;
        _options = options.Value;
        var middleware = _options.Middleware;
        _matcher = middleware.Matcher.Count == 0 ? null : RequestMatcher.Compile(middleware.Matcher);
        _bypassedPages = [.. new[] { _options.Pages.SignIn, _options.Pages.SignOut, _options.Pages.Error }.Select(RequestPathNormalizer.Normalize)];
    }

    /// <summary>Lets unguarded requests through untouched; decides guarded ones.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (_matcher is not null && !_matcher.IsMatch(context))
        {
            return _next(context);
        }

        var path = RequestPathNormalizer.Normalize(context.Request.Path.Value);
        return IsBypassed(path) ? _next(context) : GuardAsync(context, path);
    }

    private async Task GuardAsync(HttpContext context, string path)
    {
        var authorized = new AuthorizedContext(context, new PathString(path), await context.GetSessionTokenAsync());
        var decision = await _options.Middleware.Authorized(authorized);

        if (decision.Response is { } response)
        {
            await response.ExecuteAsync(context);
        }
        else if (decision.IsAllowed)
        {
            if (_options.Middleware.Handler is { } handler && await handler(authorized) is { } result)
            {
                await result.ExecuteAsync(context);
                return;
            }

            await _next(context);
        }
        else if (authorized.Token is null || _options.Middleware.RedirectDeniedToSignIn)
        {
            await AuthResponses.Challenge(context, _options);
        }
        else if (AuthResponses.WantsJson(context.Request))
        {
            await AuthResponses.Forbid(context, _options);
        }
        else
        {
            // Render the error page in place with its 403, instead of redirecting: the address bar keeps the URL the user asked for.
            context.Request.Path = _options.Pages.Error;
            context.Request.QueryString = QueryString.Create("error", AuthErrorCodes.AccessDenied);
            await _next(context);
        }
    }

    private bool IsBypassed(string path) =>
        path.StartsWith(SessionAuthDefaults.ApiBasePath, StringComparison.OrdinalIgnoreCase) && (path.Length == SessionAuthDefaults.ApiBasePath.Length || path[SessionAuthDefaults.ApiBasePath.Length] == '/')
        || _bypassedPages.Contains(path, StringComparer.OrdinalIgnoreCase);
}
