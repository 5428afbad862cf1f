using System.Buffers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AuthSite.AspNetCore.Providers;

/// <summary>
/// What makes a framework remote-authentication handler one of the site's providers: the pieces behind the public
/// <c>AddSessionAuthProvider</c> and <c>AddSessionAuthOpenIdConnectProvider</c>, which the built-in providers use too.
/// </summary>
internal static class ExternalProviders
{
    private const int MaxIdLength = 64;

    // The id is a URL segment (/api/auth/signin/{id}) and a scheme name: nothing there needs escaping.
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    /// <summary>Refuses an id or name that cannot work, at registration rather than at the first sign-in.</summary>
    public static void Check(AuthenticationBuilder builder, string id, string name, Delegate configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (id.Length > MaxIdLength || id.AsSpan().ContainsAnyExcept(IdCharacters))
        {
            throw new ArgumentException($"A provider id is at most {MaxIdLength} letters, digits, '-' and '_'; '{id}' is not.", nameof(id));
        }

        if (string.Equals(id, CredentialsProvider.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{CredentialsProvider.Id}' is the email and password provider's id; choose another.", nameof(id));
        }

        // The framework matches callback paths case-insensitively, so ids differing only in case would share one callback;
        // an exact duplicate would only be found by the framework at the first request.
        if (builder.Services.Any(d => d.ImplementationInstance is AuthProviderInfo listed && string.Equals(listed.Id, id, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"A provider with the id '{id}' is added already (from Auth:Providers or in code).", nameof(id));
        }
    }

    /// <summary>Lists the provider for <c>/api/auth/providers</c>, the sign-in page and the sign-in endpoint.</summary>
    public static AuthenticationBuilder List(AuthenticationBuilder builder, AuthProviderInfo provider)
    {
        builder.Services.AddSingleton(provider);
        return builder;
    }

    /// <summary>
    /// NextAuth's callback URL, the session scheme as the sign-in scheme, the engine's sign-in events, and correlation
    /// cookies that a top-level GET back from the provider carries (SameSite=Lax; the answers come as query strings, never
    /// as cross-site form posts), of which a browser keeps those of its latest sign-in only. Applied after the site's own
    /// settings, so these always hold.
    /// </summary>
    public static void JoinSite(RemoteAuthenticationOptions options, string id)
    {
        options.CallbackPath = $"{SessionAuthDefaults.ApiBasePath}/callback/{id}";
        options.SignInScheme = SessionAuthDefaults.AuthenticationScheme;
        SignInFlowCookies.KeepLatestOnly(options);
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnTicketReceived = ExternalSignIn.OnTicketReceivedAsync;
        options.Events.OnRemoteFailure = ExternalSignIn.OnRemoteFailureAsync;
        options.Events.OnAccessDenied = ExternalSignIn.OnAccessDeniedAsync;
        if (options is OpenIdConnectOptions openIdConnect)
        {
            openIdConnect.NonceCookie.SameSite = SameSiteMode.Lax;
            openIdConnect.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }
    }

    /// <summary>The code flow with a query-string answer, email and the user-info claims, under their JWT names.</summary>
    public static void UseOpenIdConnectDefaults(OpenIdConnectOptions options)
    {
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.UsePkce = true;
        options.Scope.Add("email");
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
    }
}
