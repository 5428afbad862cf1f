using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore.Middleware;

/// <summary>
/// Guards matched paths before routing, the way <c>next-auth/middleware</c> does, with these differences: the token goes
/// through the jwt callback and the cookie is refreshed (the same code path as
/// <see cref="SessionAuthHttpContextExtensions.GetServerSessionAsync"/>), <c>HttpContext.User</c> is the session's user from
/// here on, a signed-in user who is denied gets 403 rather than a sign-in loop, and a request is decided on every spelling
/// that could reach a page: the normal form (<see cref="RequestPathNormalizer.Normalize(string)"/>), the form routing reads
/// (<see cref="RequestPathNormalizer.NormalizeSegments"/>, which keeps <c>%2F</c> inside a segment) and Razor Pages'
/// <c>/Index</c> aliases. A request is guarded when any spelling matches and not every spelling is a bypassed path (the auth
/// API and pages); the <c>Authorized</c> callback then runs for each matched spelling, and every one must allow.
/// </summary>
internal sealed class SessionAuthMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SessionAuthOptions _options;
    private readonly RequestMatcher? _matcher;
    private readonly string[] _bypassedPages;
    private readonly IFileProvider _webRoot;

    /// <summary>Compiles the matcher once; an invalid pattern has already stopped start-up in options validation.</summary>
    public SessionAuthMiddleware(RequestDelegate next, IOptions<SessionAuthOptions> options, IWebHostEnvironment environment)
    {
        _next = next;
        _options = options.Value;
        var middleware = _options.Middleware;
        _matcher = middleware.Matcher.Count == 0 ? null : RequestMatcher.Compile(middleware.Matcher);
        _bypassedPages = [.. new[] { _options.Pages.SignIn, _options.Pages.SignOut, _options.Pages.Error }.Select(RequestPathNormalizer.Normalize)];
        _webRoot = environment.WebRootFileProvider;
    }

    /// <summary>Lets unguarded requests through untouched; decides guarded ones.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        var normal = RequestPathNormalizer.Normalize(path);

        // Nearly every request: a path already in normal form, which is then its only spelling.
        if (ReferenceEquals(normal, path) && IndexAlias(normal) is null)
        {
            return !Matches(context, normal) || IsBypassed(normal) ? _next(context) : GuardAsync(context, [normal]);
        }

        var spellings = Spellings(normal, RequestPathNormalizer.NormalizeSegments(path));
        var matched = spellings.Where(spelling => Matches(context, spelling)).ToArray();
        return matched.Length == 0 || spellings.All(IsBypassed) ? _next(context) : GuardAsync(context, matched);
    }

    private async Task GuardAsync(HttpContext context, string[] paths)
    {
        // UseAuthentication would set User after routing; the callback and a wrapped handler see it already.
        var result = await context.AuthenticateAsync(SessionAuthDefaults.AuthenticationScheme);
        if (result.Succeeded)
        {
            context.User = result.Principal;
        }

        var token = (result.Principal?.Identity as SessionIdentity)?.Token;
        AuthorizedContext? allowed = null;
        foreach (var path in paths)
        {
            var authorized = new AuthorizedContext(context, new PathString(path), token);
            var decision = await _options.Middleware.Authorized(authorized);
            if (!decision.IsAllowed)
            {
                await DenyAsync(context, token, decision);
                return;
            }

            allowed ??= authorized;
        }

        if (_options.Middleware.Handler is { } handler && await handler(allowed!) is { } response)
        {
            await response.ExecuteAsync(context);
            return;
        }

        await _next(context);
    }

    private async Task DenyAsync(HttpContext context, JsonObject? token, AuthorizeResult decision)
    {
        if (decision.Response is { } response)
        {
            await response.ExecuteAsync(context);
        }
        else if (_matcher is null && IsStaticFile(context))
        {
            // Guarding the whole site leaves the site's own assets public, so the sign-in page keeps its styles.
            await _next(context);
        }
        else if (token is null || _options.Middleware.RedirectDeniedToSignIn)
        {
            await AuthResponses.Challenge(context, _options);
        }
        else if (AuthResponses.WantsJson(context.Request))
        {
            await AuthResponses.Forbid(context, _options);
        }
        else
        {
            // Render the error page in place with its 403, instead of redirecting: the address bar keeps the URL the user
            // asked for. Routing may have chosen the guarded endpoint already (UsePathBase routes right after itself, or this
            // middleware sits after UseRouting): clear it, as the framework's re-execute middleware does, so that the next
            // UseRouting routes the error page and the guarded endpoint never runs. A form posted to the guarded page is
            // shown the page as a GET, so the error page's own form handling (antiforgery) does not answer 400.
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            context.Request.Path = _options.Pages.Error;
            context.Request.QueryString = QueryString.Create("error", AuthErrorCodes.AccessDenied);
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await _next(context);

            // Nothing routed the error page (no UseRouting follows): the denial still answers 403, not the pipeline's 404.
            if (context.GetEndpoint() is null && !context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        }
    }

    private bool Matches(HttpContext context, string normalPath) => _matcher is null || _matcher.IsNormalMatch(normalPath, context.Request);

    private bool IsBypassed(string path) =>
        path.StartsWith(SessionAuthDefaults.ApiBasePath, StringComparison.OrdinalIgnoreCase) && (path.Length == SessionAuthDefaults.ApiBasePath.Length || path[SessionAuthDefaults.ApiBasePath.Length] == '/')
        || _bypassedPages.Contains(path, StringComparer.OrdinalIgnoreCase);

    private bool IsStaticFile(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.Request.Path.Value is { Length: > 1 } path
        && _webRoot.GetFileInfo(path) is { Exists: true, IsDirectory: false };

    // The normal and routed forms, and the folder path of each that names a Razor Pages Index page.
    private static string[] Spellings(string normal, string routed)
    {
        var spellings = new List<string>(4) { normal, routed };
        if (IndexAlias(normal) is { } normalAlias)
        {
            spellings.Add(normalAlias);
        }

        if (IndexAlias(routed) is { } routedAlias)
        {
            spellings.Add(routedAlias);
        }

        return [.. spellings.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    // Razor Pages serves a page named Index at its folder's path as well: /Index is /, /docs/Index is /docs.
    private static string? IndexAlias(string path)
    {
        var slash = path.LastIndexOf('/');
        return path.AsSpan(slash + 1).Equals("Index", StringComparison.OrdinalIgnoreCase) ? (slash == 0 ? "/" : path[..slash]) : null;
    }
}
