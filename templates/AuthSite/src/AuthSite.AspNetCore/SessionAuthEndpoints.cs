using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// NextAuth's REST API under <c>/api/auth</c>, with its routes and JSON shapes, so NextAuth's own browser
/// client can talk to the site. Every POST that changes state checks the CSRF token first.
/// </summary>
internal static class SessionAuthEndpoints
{
    /// <summary>Maps <c>/api/auth/*</c>.</summary>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(SessionAuthDefaults.ApiBasePath).ExcludeFromDescription();

        MapGet(api, "/csrf", (HttpContext context, CsrfTokens csrf) =>
        {
            NoCache(context.Response);
            return Results.Json(new { csrfToken = csrf.GetOrIssue(context) });
        });

        MapGet(api, "/providers", (HttpContext context, IOptions<SessionAuthOptions> options, IEnumerable<AuthProviderInfo> external) =>
        {
            // The URLs follow the request's host unless AUTH_URL is set: no shared cache may keep them for another.
            NoCache(context.Response);
            var url = CallbackUrl.BaseUrl(context.Request) + SessionAuthDefaults.ApiBasePath;
            var providers = new Dictionary<string, object>();
            if (options.Value.Credentials.Authorize is not null)
            {
                external = external.Prepend(new AuthProviderInfo(CredentialsProvider.Id, options.Value.Credentials.Name, "credentials"));
            }

            foreach (var (id, name, type) in external)
            {
                providers[id] = new { id, name, type, signinUrl = $"{url}/signin/{id}", callbackUrl = $"{url}/callback/{id}" };
            }

            return Results.Json(providers);
        });

        MapGet(api, "/session", async (HttpContext context) =>
        {
            NoCache(context.Response);
            var session = await context.GetServerSessionAsync();
            return session is null ? Results.Json(new { }) : Results.Json(session);
        });

        api.MapPost("/session", UpdateSessionAsync);

        MapGet(api, "/signin/{provider?}", async (HttpContext context, IOptions<SessionAuthOptions> options) =>
        {
            var target = QueryHelpers.AddQueryString(context.Request.PathBase + options.Value.Pages.SignIn, "callbackUrl", await ResolveCallbackUrlAsync(context, null));
            var error = context.Request.Query["error"].ToString();
            return Results.Redirect(error.Length > 0 ? QueryHelpers.AddQueryString(target, "error", error) : target);
        });

        api.MapPost("/signin/{provider}", SignInWithProviderAsync);

        api.MapPost("/callback/{provider}", SignInWithCredentialsAsync);
        MapGet(api, "/callback/{provider}", (string provider) => provider == CredentialsProvider.Id
            ? Results.Json(new { message = "Credentials are posted to this URL; GET is not supported." }, statusCode: StatusCodes.Status405MethodNotAllowed)
            : UnknownProvider());

        MapGet(api, "/signout", (HttpContext context, IOptions<SessionAuthOptions> options) =>
            Results.Redirect(context.Request.PathBase + options.Value.Pages.SignOut));

        api.MapPost("/signout", SignOutAsync);

        MapGet(api, "/sessions", async (HttpContext context, SessionManager sessions) =>
        {
            NoCache(context.Response);
            if (!sessions.IsEnabled)
            {
                return SessionsNotRecorded();
            }

            return await sessions.ListSessionsAsync(context) is { } list
                ? Results.Json(list)
                : Results.Json(new { message = AuthResponses.SignInRequiredMessage }, statusCode: StatusCodes.Status401Unauthorized);
        });

        api.MapPost("/sessions/revoke", (HttpContext context, CsrfTokens csrf, SessionManager sessions, ILoggerFactory loggers) =>
            RevokeAsync(context, csrf, sessions, loggers, async form =>
                form["id"] is { Length: > 0 } id && await sessions.RevokeSessionAsync(context, id)
                    ? Results.Json(new { revoked = 1 })
                    : Results.Json(new { message = "No such session." }, statusCode: StatusCodes.Status404NotFound)));

        api.MapPost("/sessions/revoke-others", (HttpContext context, CsrfTokens csrf, SessionManager sessions, ILoggerFactory loggers) =>
            RevokeAsync(context, csrf, sessions, loggers, async _ => Results.Json(new { revoked = await sessions.RevokeOtherSessionsAsync(context) })));

        MapGet(api, "/error", (HttpContext context, IOptions<SessionAuthOptions> options) =>
        {
            var error = context.Request.Query["error"].ToString();
            var pages = options.Value.Pages;
            var page = AuthErrorCodes.SignInPageCodes.Contains(error) ? pages.SignIn : pages.Error;
            return Results.Redirect(QueryHelpers.AddQueryString(context.Request.PathBase + page, "error", error.Length > 0 ? error : AuthErrorCodes.Default));
        });

        // Other methods on these routes (OPTIONS, PUT, ...) get 405 with the methods that work; unknown routes 404.
        // Each answer has a lower priority (a higher order) than the routes above, which win wherever they match.
        foreach (var (pattern, allow) in new[]
        {
            ("/csrf", "GET, HEAD"), ("/providers", "GET, HEAD"), ("/session", "GET, HEAD, POST"), ("/signin/{provider?}", "GET, HEAD, POST"),
            ("/callback/{provider}", "GET, HEAD, POST"), ("/signout", "GET, HEAD, POST"), ("/error", "GET, HEAD"),
            ("/sessions", "GET, HEAD"), ("/sessions/revoke", "POST"), ("/sessions/revoke-others", "POST"),
        })
        {
            api.Map(pattern, (HttpContext context) =>
            {
                context.Response.Headers.Allow = allow;
                return Results.Json(new { message = $"{context.Request.Method} is not supported here; use {allow}." }, statusCode: StatusCodes.Status405MethodNotAllowed);
            }).WithOrder(1);
        }

        api.Map("/{**rest}", () => Results.Json(new { message = "Not found." }, statusCode: StatusCodes.Status404NotFound)).WithOrder(2);

        return api;
    }

    // GET routes answer HEAD too, without a body (the server drops it), as HTTP asks of every GET resource.
    private static void MapGet(RouteGroupBuilder api, string pattern, Delegate handler) =>
        api.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], handler);

    private static async Task<IResult> SignInWithProviderAsync(
        HttpContext context, string provider, CsrfTokens csrf, IOptions<SessionAuthOptions> options, IEnumerable<AuthProviderInfo> external, ILoggerFactory loggers)
    {
        var form = await AuthRequestForm.ReadAsync(context.Request);
        if (form.Refusal is { } refusal)
        {
            return refusal;
        }

        var auth = options.Value;
        var signIn = context.Request.PathBase + auth.Pages.SignIn;
        var known = external.Any(p => p.Id == provider) || (provider == CredentialsProvider.Id && auth.Credentials.Authorize is not null);
        if (!csrf.IsValid(context, form["csrfToken"]) || !known)
        {
            AuthLog.CsrfRejected(loggers.CreateLogger(typeof(SessionAuthEndpoints)), context.Request.Method, context.Request.Path);
            return Redirect(form, QueryHelpers.AddQueryString(signIn, "csrf", "true"), StatusCodes.Status403Forbidden);
        }

        var callbackUrl = await ResolveCallbackUrlAsync(context, form);
        if (provider == CredentialsProvider.Id)
        {
            // Credentials are posted to the callback, not here: show the form.
            return Redirect(form, QueryHelpers.AddQueryString(signIn, "callbackUrl", callbackUrl));
        }

        try
        {
            // The provider's handler sets the state, PKCE and nonce cookies and redirects to the provider.
            await context.ChallengeAsync(provider, new AuthenticationProperties { RedirectUri = callbackUrl });
            if (form.WantsJson && context.Response.StatusCode == StatusCodes.Status302Found)
            {
                // NextAuth's client asks for { url } and navigates there itself.
                var url = context.Response.Headers.Location.ToString();
                context.Response.Headers.Location = default;
                return Results.Json(new { url }, statusCode: StatusCodes.Status200OK);
            }

            return Results.Empty;
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or IOException)
        {
            // The provider's metadata could not be fetched: NextAuth's OAuthSignin.
            AuthLog.SignInRefused(loggers.CreateLogger(typeof(SessionAuthEndpoints)), provider, AuthErrorCodes.OAuthSignIn);
            return Redirect(form, QueryHelpers.AddQueryString(signIn, "error", AuthErrorCodes.OAuthSignIn));
        }
    }

    private static async Task<IResult> SignInWithCredentialsAsync(
        HttpContext context, string provider, CsrfTokens csrf, CredentialsThrottle throttle, IOptions<SessionAuthOptions> options, ILoggerFactory loggers)
    {
        var auth = options.Value;
        if (provider != CredentialsProvider.Id || auth.Credentials.Authorize is not { } authorize)
        {
            return UnknownProvider();
        }

        var logger = loggers.CreateLogger(typeof(SessionAuthEndpoints));
        var form = await AuthRequestForm.ReadAsync(context.Request);
        if (form.Refusal is { } refusal)
        {
            return refusal;
        }

        var signInPage = context.Request.PathBase + auth.Pages.SignIn;
        if (!csrf.IsValid(context, form["csrfToken"]))
        {
            AuthLog.CsrfRejected(logger, context.Request.Method, context.Request.Path);
            return Redirect(form, QueryHelpers.AddQueryString(signInPage, "csrf", "true"), StatusCodes.Status403Forbidden);
        }

        var callbackUrl = await ResolveCallbackUrlAsync(context, form);
        var email = form["email"]?.Trim() ?? string.Empty;
        var password = form["password"] ?? string.Empty;
        if (email.Length > CredentialsProvider.MaxEmailLength || password.Length > CredentialsProvider.MaxPasswordLength)
        {
            // Refused before anything is counted or hashed: no one can make the site remember or hash megabytes.
            AuthLog.SignInRefused(logger, provider, AuthErrorCodes.CredentialsTooLong);
            return Redirect(form, SignInPageWith(AuthErrorCodes.CredentialsTooLong), StatusCodes.Status400BadRequest);
        }

        AuthUser? user = null;
        if (email.Length > 0 && password.Length > 0)
        {
            var attempt = await throttle.BeginAsync(context, email);
            if (attempt.RetryAfterSeconds is { } retryAfter)
            {
                AuthLog.SignInRefused(logger, provider, AuthErrorCodes.TooManyAttempts);
                if (form.WantsJson)
                {
                    context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                }

                return Redirect(form, SignInPageWith(AuthErrorCodes.TooManyAttempts), StatusCodes.Status429TooManyRequests);
            }

            user = await authorize(new CredentialsContext(context, email, password));
            if (user is not null)
            {
                await throttle.SucceededAsync(attempt, context.RequestAborted);
            }
        }

        if (user is null)
        {
            AuthLog.SignInRefused(logger, provider, AuthErrorCodes.CredentialsSignIn);
            return Redirect(form, SignInPageWith(AuthErrorCodes.CredentialsSignIn), StatusCodes.Status401Unauthorized);
        }

        var account = new AuthAccount(provider, "credentials", user.Id);
        if (!await auth.Callbacks.SignIn(new SignInCallbackContext(context, user, account)))
        {
            AuthLog.SignInRefused(logger, provider, AuthErrorCodes.AccessDenied);
            return Redirect(form, ErrorPage(context, auth, AuthErrorCodes.AccessDenied), StatusCodes.Status403Forbidden);
        }

        if (!await SessionIssuer.IssueAsync(context, auth, logger, user, account, profile: null, isNewUser: false))
        {
            AuthLog.SignInRefused(logger, provider, AuthErrorCodes.AccessDenied);
            return Redirect(form, ErrorPage(context, auth, AuthErrorCodes.AccessDenied), StatusCodes.Status403Forbidden);
        }

        return Redirect(form, callbackUrl);

        string SignInPageWith(string error) =>
            QueryHelpers.AddQueryString(signInPage, new Dictionary<string, string?> { ["callbackUrl"] = callbackUrl, ["error"] = error });
    }

    private static async Task<IResult> UpdateSessionAsync(
        HttpContext context, CsrfTokens csrf, SessionReader sessions, IOptions<SessionAuthOptions> options, TimeProvider timeProvider, ILoggerFactory loggers)
    {
        NoCache(context.Response);
        var form = await AuthRequestForm.ReadAsync(context.Request);
        if (form.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!csrf.IsValid(context, form["csrfToken"]))
        {
            AuthLog.CsrfRejected(loggers.CreateLogger(typeof(SessionAuthEndpoints)), context.Request.Method, context.Request.Path);
            return Results.Json(new { }, statusCode: StatusCodes.Status400BadRequest);
        }

        if (await context.GetSessionTokenAsync() is not { } current)
        {
            return Results.Json(new { });
        }

        var auth = options.Value;
        if (auth.Session.Strategy == SessionStrategy.Database)
        {
            // As NextAuth: the session callback gets the posted data and persists what it will; the engine writes nothing.
            return await sessions.UpdateSessionAsync(context, form.Data) is { } updated ? Results.Json(updated) : Results.Json(new { });
        }

        var sessionId = current[SessionAuthDefaults.SessionIdClaim] is JsonValue sid && sid.TryGetValue(out string? id) ? id : null;
        var token = await auth.Callbacks.Jwt(new JwtCallbackContext(context, current, JwtTriggers.Update) { Session = form.Data });
        if (token is null)
        {
            await context.RequestServices.GetRequiredService<SessionManager>().EndCurrentAsync(context, SessionRevocationReason.SignOut);
            await context.SignOutAsync(SessionAuthDefaults.AuthenticationScheme);
            return Results.Json(new { });
        }

        if (sessionId is not null && token[SessionAuthDefaults.SessionIdClaim] is not JsonValue)
        {
            token[SessionAuthDefaults.SessionIdClaim] = sessionId;
        }

        var issued = timeProvider.GetUtcNow();
        var properties = new AuthenticationProperties { IsPersistent = true, IssuedUtc = issued, ExpiresUtc = issued + SessionTicketFormat.Lifetime(auth) };

        // Every re-issued token extends its session's row, or finds it ended elsewhere.
        if (sessionId is not null && !await context.RequestServices.GetRequiredService<SessionManager>().ExtendAsync(sessionId, issued, properties.ExpiresUtc.Value, context.RequestAborted))
        {
            await context.SignOutAsync(SessionAuthDefaults.AuthenticationScheme);
            return Results.Json(new { });
        }

        await context.SignInAsync(SessionAuthDefaults.AuthenticationScheme, new ClaimsPrincipal(new SessionIdentity(token)), properties);
        var session = await sessions.CreateSessionAsync(context, token, properties.ExpiresUtc.Value);
        return session is null ? Results.Json(new { }) : Results.Json(session);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, CsrfTokens csrf, IOptions<SessionAuthOptions> options, ILoggerFactory loggers)
    {
        var auth = options.Value;
        var logger = loggers.CreateLogger(typeof(SessionAuthEndpoints));
        var form = await AuthRequestForm.ReadAsync(context.Request);
        if (form.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!csrf.IsValid(context, form["csrfToken"]))
        {
            AuthLog.CsrfRejected(logger, context.Request.Method, context.Request.Path);
            return Redirect(form, QueryHelpers.AddQueryString(context.Request.PathBase + auth.Pages.SignOut, "csrf", "true"), StatusCodes.Status403Forbidden);
        }

        var callbackUrl = await ResolveCallbackUrlAsync(context, form);
        var token = await context.GetSessionTokenAsync();

        // Sign-out ends the session server-side: the same cookie, or a copy of it, is no session afterwards.
        await context.RequestServices.GetRequiredService<SessionManager>().EndCurrentAsync(context, SessionRevocationReason.SignOut);
        await context.SignOutAsync(SessionAuthDefaults.AuthenticationScheme);
        if (token is not null)
        {
            AuthLog.SignedOut(logger, (string?)token["sub"]);
            await AuthLog.RaiseAsync(logger, "signOut", () => auth.Events.SignOut(new SignOutEventContext(context, token)));
        }

        return Redirect(form, callbackUrl);
    }

    // The session list's POSTs: the form (or JSON body) with NextAuth's csrfToken, a signed-in user, then the action.
    private static async Task<IResult> RevokeAsync(
        HttpContext context, CsrfTokens csrf, SessionManager sessions, ILoggerFactory loggers, Func<AuthRequestForm, Task<IResult>> revoke)
    {
        NoCache(context.Response);
        var form = await AuthRequestForm.ReadAsync(context.Request);
        if (form.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!csrf.IsValid(context, form["csrfToken"]))
        {
            AuthLog.CsrfRejected(loggers.CreateLogger(typeof(SessionAuthEndpoints)), context.Request.Method, context.Request.Path);
            return Results.Json(new { message = "Missing or invalid CSRF token: send the csrfToken of /api/auth/csrf." }, statusCode: StatusCodes.Status403Forbidden);
        }

        if (!sessions.IsEnabled)
        {
            return SessionsNotRecorded();
        }

        if (await context.GetServerSessionAsync() is null)
        {
            return Results.Json(new { message = AuthResponses.SignInRequiredMessage }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return await revoke(form);
    }

    private static IResult SessionsNotRecorded() =>
        Results.Json(new { message = "Sessions are not recorded on this site: it registers no ISessionAdapter." }, statusCode: StatusCodes.Status404NotFound);

    /// <summary>The <c>callbackUrl</c> of the form or the query, through the redirect callback; the site's root when absent.</summary>
    private static async Task<string> ResolveCallbackUrlAsync(HttpContext context, AuthRequestForm? form)
    {
        var baseUrl = CallbackUrl.BaseUrl(context.Request);
        var requested = form?["callbackUrl"] ?? context.Request.Query["callbackUrl"].FirstOrDefault();
        if (string.IsNullOrEmpty(requested))
        {
            return baseUrl + "/";
        }

        var redirect = context.RequestServices.GetRequiredService<IOptions<SessionAuthOptions>>().Value.Callbacks.Redirect;
        return await redirect(new RedirectCallbackContext(context, requested, baseUrl));
    }

    private static string ErrorPage(HttpContext context, SessionAuthOptions auth, string error) =>
        QueryHelpers.AddQueryString(context.Request.PathBase + auth.Pages.Error, "error", error);

    /// <summary>
    /// A 302 to <paramref name="url"/>, or with <c>json=true</c> the JSON <c>{ url }</c> with the status the redirect
    /// stands for. The <c>Location</c> is ASCII whatever the redirect callback returned.
    /// </summary>
    private static IResult Redirect(AuthRequestForm form, string url, int jsonStatus = StatusCodes.Status200OK) =>
        form.WantsJson ? Results.Json(new { url }, statusCode: jsonStatus) : Results.Redirect(CallbackUrl.Encode(url));

    private static IResult UnknownProvider() =>
        Results.Json(new { message = "Unknown provider." }, statusCode: StatusCodes.Status404NotFound);

    private static void NoCache(HttpResponse response)
    {
        response.Headers.CacheControl = "private, no-cache, no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
    }
}
