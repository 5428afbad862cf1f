using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore.Providers;

/// <summary>
/// What happens when a provider sends the user back to <c>/api/auth/callback/{provider}</c> and the framework's handler
/// has checked state, PKCE and nonce: NextAuth's OAuth callback. Finds or creates the user, refuses to link an email
/// that already belongs to someone else, runs the signIn and jwt callbacks, and starts the session.
/// </summary>
internal static class ExternalSignIn
{
    /// <summary>The handler accepted the provider's answer: sign the user in instead of the handler's default.</summary>
    public static async Task OnTicketReceivedAsync(TicketReceivedContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var auth = http.RequestServices.GetRequiredService<IOptions<SessionAuthOptions>>().Value;
        var adapter = http.RequestServices.GetRequiredService<IAuthAdapter>();
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn));
        var provider = context.Scheme.Name;
        var principal = context.Principal ?? new ClaimsPrincipal();
        var callbackUrl = context.ReturnUri ?? CallbackUrl.BaseUrl(http.Request) + "/";

        if (Claim(principal, "sub", ClaimTypes.NameIdentifier) is not { } accountId)
        {
            Fail(context, auth, logger, AuthErrorCodes.OAuthCallback, callbackUrl);
            return;
        }

        var profile = SessionIdentity.TokenOf(principal);
        var account = new AuthAccount(provider, context.Options is OpenIdConnectOptions ? "oidc" : "oauth", accountId);
        var cancellation = http.RequestAborted;
        var user = await adapter.GetUserByAccountAsync(provider, accountId, cancellation);
        var email = Claim(principal, "email", ClaimTypes.Email);

        // NextAuth's rule: an email that already has a user is not silently linked to a new provider account,
        // since whoever controls that provider account would take over the user.
        if (user is null && email is not null && await adapter.GetUserByEmailAsync(email, cancellation) is not null)
        {
            Fail(context, auth, logger, AuthErrorCodes.OAuthAccountNotLinked, callbackUrl);
            return;
        }

        var candidate = user ?? new AuthUser(accountId, Claim(principal, "name", ClaimTypes.Name), email, Claim(principal, "picture", "urn:google:picture"));
        if (!await auth.Callbacks.SignIn(new SignInCallbackContext(http, candidate, account) { Profile = profile }))
        {
            Fail(context, auth, logger, AuthErrorCodes.AccessDenied, callbackUrl);
            return;
        }

        var isNewUser = user is null;
        if (user is null)
        {
            user = await adapter.CreateUserAsync(candidate, cancellation);
            AuthLog.UserCreated(logger, user.Id, provider);
            await AuthLog.RaiseAsync(logger, "createUser", () => auth.Events.CreateUser(new CreateUserEventContext(http, user)));
            await adapter.LinkAccountAsync(user.Id, account, cancellation);
            AuthLog.AccountLinked(logger, provider, user.Id);
            await AuthLog.RaiseAsync(logger, "linkAccount", () => auth.Events.LinkAccount(new LinkAccountEventContext(http, user, account, profile)));
        }

        if (!await SessionIssuer.IssueAsync(http, auth, logger, user, account, profile, isNewUser))
        {
            Fail(context, auth, logger, AuthErrorCodes.AccessDenied, callbackUrl);
            return;
        }

        http.Response.Redirect(isNewUser && auth.Pages.NewUser is { } newUser
            ? QueryHelpers.AddQueryString(http.Request.PathBase + newUser, "callbackUrl", callbackUrl)
            : CallbackUrl.Encode(callbackUrl));
    }

    /// <summary>The handler failed (bad or replayed state, PKCE or nonce, a token error): back to sign-in with <c>OAuthCallback</c>.</summary>
    public static Task OnRemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        var auth = context.HttpContext.RequestServices.GetRequiredService<IOptions<SessionAuthOptions>>().Value;
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn));
        AuthLog.ProviderCallbackFailed(logger, context.Scheme.Name, context.Failure?.Message ?? "unknown");
        Fail(context, auth, logger, AuthErrorCodes.OAuthCallback, context.Properties?.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>The user cancelled at the provider (<c>error=access_denied</c>): back to sign-in, where they can choose again.</summary>
    public static Task OnAccessDeniedAsync(AccessDeniedContext context)
    {
        context.HandleResponse();
        var auth = context.HttpContext.RequestServices.GetRequiredService<IOptions<SessionAuthOptions>>().Value;
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExternalSignIn));
        Fail(context, auth, logger, AuthErrorCodes.OAuthCallback, context.Properties?.RedirectUri);
        return Task.CompletedTask;
    }

    private static void Fail(HandleRequestContext<RemoteAuthenticationOptions> context, SessionAuthOptions auth, ILogger logger, string error, string? callbackUrl)
    {
        AuthLog.SignInRefused(logger, context.Scheme.Name, error);
        var request = context.HttpContext.Request;
        var page = AuthErrorCodes.SignInPageCodes.Contains(error) ? auth.Pages.SignIn : auth.Pages.Error;
        var query = new Dictionary<string, string?> { ["error"] = error };
        if (page == auth.Pages.SignIn && callbackUrl is not null)
        {
            query["callbackUrl"] = callbackUrl;
        }

        context.Response.Redirect(QueryHelpers.AddQueryString(request.PathBase + page, query));
    }

    private static string? Claim(ClaimsPrincipal principal, string jwtName, string clrName) =>
        principal.FindFirst(jwtName)?.Value ?? principal.FindFirst(clrName)?.Value;
}
