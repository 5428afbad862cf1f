using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace AuthSite.AspNetCore.Providers;

/// <summary>
/// The cookies that carry a provider sign-in from its start to its callback: the handler's correlation cookie
/// (<c>.AspNetCore.Correlation.{random id}</c>) and, for OpenID Connect, its nonce cookie
/// (<c>.AspNetCore.OpenIdConnect.Nonce.{protected nonce}</c>, some 300 bytes). Every start adds a uniquely named pair,
/// and the framework scopes them to the callback path, which the start at <c>/api/auth/signin/{id}</c> never sees:
/// abandoned starts pile up until the callback's <c>Cookie</c> header passes the server's limit (431) and the user
/// cannot sign in at all. Scoped to the path base + <c>/api/auth</c> instead, they reach the next start, which removes
/// them: a browser holds the cookies of its latest provider sign-in only, as NextAuth's fixed-name state, PKCE and
/// nonce cookies allow one sign-in in flight. State, PKCE and nonce are still checked by the handlers, unchanged.
/// </summary>
internal static class SignInFlowCookies
{
    /// <summary>
    /// Scopes <paramref name="options"/>' correlation (and nonce) cookie to <c>/api/auth</c> under the request's path
    /// base, keeping their other attributes and lifetimes, and makes each new challenge remove the earlier ones.
    /// Call it before the site sets further cookie attributes, which then apply to these builders.
    /// </summary>
    public static void KeepLatestOnly(RemoteAuthenticationOptions options)
    {
        options.CorrelationCookie = new AuthApiCookieBuilder(options.CorrelationCookie, () => options.RemoteAuthenticationTimeout);
        switch (options)
        {
            case OAuthOptions oauth:
                var redirect = oauth.Events.OnRedirectToAuthorizationEndpoint;
                oauth.Events.OnRedirectToAuthorizationEndpoint = context =>
                {
                    RemoveEarlier(context.HttpContext, context.Options);
                    return redirect(context);
                };
                break;
            case OpenIdConnectOptions openIdConnect:
                openIdConnect.NonceCookie = new AuthApiCookieBuilder(openIdConnect.NonceCookie, () => openIdConnect.ProtocolValidator.NonceLifetime);
                var redirectToProvider = openIdConnect.Events.OnRedirectToIdentityProvider;
                openIdConnect.Events.OnRedirectToIdentityProvider = context =>
                {
                    RemoveEarlier(context.HttpContext, context.Options);
                    return redirectToProvider(context);
                };
                break;
        }
    }

    // The handler has just appended this start's cookies, under fresh random names; every cookie of the kind that the
    // request brought belongs to an earlier start, abandoned or still open in another tab, which this one supersedes.
    private static void RemoveEarlier(HttpContext context, RemoteAuthenticationOptions options)
    {
        var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
        Remove(context, options.CorrelationCookie, now);
        if (options is OpenIdConnectOptions openIdConnect)
        {
            Remove(context, openIdConnect.NonceCookie, now);
        }
    }

    private static void Remove(HttpContext context, CookieBuilder cookie, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(cookie.Name))
        {
            return;
        }

        CookieOptions? attributes = null;
        foreach (var name in context.Request.Cookies.Keys)
        {
            if (name.StartsWith(cookie.Name, StringComparison.Ordinal))
            {
                // The same path, domain, Secure and SameSite as when it was set, or the browser keeps it.
                context.Response.Cookies.Delete(name, attributes ??= cookie.Build(context, now));
            }
        }
    }

    /// <summary>A copy of a handler's cookie builder whose default path is the request's path base + <c>/api/auth</c>.</summary>
    private sealed class AuthApiCookieBuilder : RequestPathBaseCookieBuilder
    {
        private readonly Func<TimeSpan> _lifetime;

        public AuthApiCookieBuilder(CookieBuilder original, Func<TimeSpan> lifetime)
        {
            _lifetime = lifetime;
            Name = original.Name;
            Path = original.Path;
            Domain = original.Domain;
            HttpOnly = original.HttpOnly;
            SameSite = original.SameSite;
            SecurePolicy = original.SecurePolicy;
            Expiration = original.Expiration;
            MaxAge = original.MaxAge;
            IsEssential = original.IsEssential;
            foreach (var extension in original.Extensions)
            {
                Extensions.Add(extension);
            }
        }

        protected override string AdditionalPath => SessionAuthDefaults.ApiBasePath;

        // As the framework's builders: without an explicit Expiration the cookie lives as long as the flow may take.
        public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
        {
            var options = base.Build(context, expiresFrom);
            if (Expiration is null)
            {
                options.Expires = expiresFrom + _lifetime();
            }

            return options;
        }
    }
}
