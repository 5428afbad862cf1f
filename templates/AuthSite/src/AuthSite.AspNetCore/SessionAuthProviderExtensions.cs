using AuthSite.AspNetCore.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds an OAuth or OpenID Connect provider to the builder that <c>AddSessionAuth</c> returns, the way NextAuth's
/// <c>providers</c> list does: the framework's own handler does the protocol (state, PKCE, nonce, tokens), and the
/// engine makes it one of the site's providers. It is listed by <c>/api/auth/providers</c> and gets a button on the
/// sign-in page; <c>POST /api/auth/signin/{id}</c> starts it and <c>/api/auth/callback/{id}</c> is its redirect URI; a
/// returning user is found, created and linked through the <c>IAuthAdapter</c>, and signed in with a session cookie,
/// exactly as with the built-in GitHub, Google and OpenID Connect providers.
/// </summary>
/// <remarks>
/// After <c>configure</c> runs, the engine sets what makes the provider part of the site, so do not set these there:
/// <see cref="RemoteAuthenticationOptions.CallbackPath"/> (<c>/api/auth/callback/{id}</c>),
/// <see cref="RemoteAuthenticationOptions.SignInScheme"/>, the correlation (and nonce) cookies' path and <c>SameSite=Lax</c>,
/// and the events <c>OnTicketReceived</c>, <c>OnRemoteFailure</c> and <c>OnAccessDenied</c>. Other events
/// (e.g. <c>OnCreatingTicket</c> to read a profile) are yours. The profile's claims <c>sub</c> (or
/// <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>), <c>name</c>, <c>email</c> and <c>picture</c> make the user.
/// PKCE is on unless <c>configure</c> turns it off.
/// </remarks>
public static class SessionAuthProviderExtensions
{
    /// <summary>
    /// Adds an OAuth 2.0 provider with any handler built on the framework's <see cref="OAuthHandler{TOptions}"/>: the
    /// framework's own (<c>OAuthOptions</c>/<c>OAuthHandler&lt;OAuthOptions&gt;</c> with endpoints you set, Google,
    /// Microsoft, Facebook) or a library's (e.g. the AspNet.Security.OAuth.* providers).
    /// </summary>
    /// <typeparam name="TOptions">The handler's options type.</typeparam>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="builder">The builder that <c>AddSessionAuth</c> returned.</param>
    /// <param name="id">
    /// The provider id in URLs and the authentication scheme, e.g. <c>gitlab</c> for <c>/api/auth/callback/gitlab</c>:
    /// letters, digits, <c>-</c> and <c>_</c>, at most 64 characters, not <c>credentials</c>, and unique, case-insensitively,
    /// among the providers (including those that <c>Auth:Providers</c> turns on).
    /// </param>
    /// <param name="name">The name on the sign-in button, e.g. <c>GitLab</c>.</param>
    /// <param name="configure">Sets the client id and secret, endpoints, scopes and claim mapping.</param>
    /// <returns>The <paramref name="builder"/>, to add more.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="name"/> is not usable.</exception>
    public static AuthenticationBuilder AddSessionAuthProvider<TOptions, THandler>(
        this AuthenticationBuilder builder, string id, string name, Action<TOptions> configure)
        where TOptions : OAuthOptions, new()
        where THandler : OAuthHandler<TOptions>
    {
        ExternalProviders.Check(builder, id, name, configure);
        builder.AddOAuth<TOptions, THandler>(id, name, options =>
        {
            options.UsePkce = true;
            configure(options);
            ExternalProviders.JoinSite(options, id);
        });
        return ExternalProviders.List(builder, new AuthProviderInfo(id, name, "oauth"));
    }

    /// <summary>
    /// Adds an OpenID Connect provider with the framework's handler. The engine asks for the authorization code flow with
    /// the answer in the query string (so the callback is a top-level GET that carries the <c>SameSite=Lax</c> cookies),
    /// the <c>email</c> scope, the user-info endpoint's claims, and claims under their JWT names (<c>sub</c>, <c>email</c>);
    /// <paramref name="configure"/> runs after these defaults and sets at least the authority, client id and secret.
    /// </summary>
    /// <param name="builder">The builder that <c>AddSessionAuth</c> returned.</param>
    /// <param name="id">The provider id in URLs and the authentication scheme, as for <see cref="AddSessionAuthProvider{TOptions, THandler}"/>.</param>
    /// <param name="name">The name on the sign-in button, e.g. <c>Okta</c>.</param>
    /// <param name="configure">Sets the authority, the client id and secret, and anything else of the handler.</param>
    /// <returns>The <paramref name="builder"/>, to add more.</returns>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="name"/> is not usable.</exception>
    public static AuthenticationBuilder AddSessionAuthOpenIdConnectProvider(
        this AuthenticationBuilder builder, string id, string name, Action<OpenIdConnectOptions> configure)
    {
        ExternalProviders.Check(builder, id, name, configure);
        builder.AddOpenIdConnect(id, name, options =>
        {
            ExternalProviders.UseOpenIdConnectDefaults(options);
            configure(options);
            ExternalProviders.JoinSite(options, id);
        });
        return ExternalProviders.List(builder, new AuthProviderInfo(id, name, "oidc"));
    }
}
