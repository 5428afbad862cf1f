using AuthSite.AspNetCore;
using AuthSite.AspNetCore.Providers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the session engine: NextAuth's <c>NextAuth(authOptions)</c> for ASP.NET Core.</summary>
public static class SessionAuthServiceCollectionExtensions
{
    /// <summary>
    /// Adds sign-in with an encrypted JWT session cookie on the framework's cookie handler, as the default
    /// authentication scheme (<see cref="SessionAuthDefaults.AuthenticationScheme"/>), and the OAuth and OpenID Connect
    /// providers that <c>Auth:Providers</c> in <paramref name="configuration"/> configures. The options are validated at
    /// start-up: the site refuses to start without a usable secret. Forwarded headers from <c>Auth:TrustedProxies</c> and
    /// the canonical <c>AUTH_URL</c> are applied before the site's own middleware.
    /// </summary>
    /// <param name="services">The site's services.</param>
    /// <param name="configuration">The site's configuration; its <c>Auth</c> section is bound to <see cref="SessionAuthOptions"/>.</param>
    /// <param name="configure">Runs after the <c>Auth</c> section is bound: callbacks, events, the credentials check, matchers.</param>
    /// <returns>
    /// The authentication builder, as <c>AddAuthentication</c> returns it: add a provider of your own with
    /// <see cref="SessionAuthProviderExtensions.AddSessionAuthProvider{TOptions, THandler}"/> or
    /// <see cref="SessionAuthProviderExtensions.AddSessionAuthOpenIdConnectProvider"/>.
    /// </returns>
    public static AuthenticationBuilder AddSessionAuth(this IServiceCollection services, IConfiguration configuration, Action<SessionAuthOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddSingleton<IConfigureOptions<SessionAuthOptions>, ConfigureSessionAuthOptions>();
        services.AddSingleton<IValidateOptions<SessionAuthOptions>, ValidateSessionAuthOptions>();
        var options = services.AddOptions<SessionAuthOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CsrfTokens>();
        services.TryAddSingleton<ICredentialsThrottleStore, MemoryCredentialsThrottleStore>();
        services.TryAddSingleton<CredentialsThrottle>();
        services.TryAddSingleton<SessionReader>();
        services.TryAddSingleton<SessionRevocations>();
        services.TryAddSingleton<DatabaseSessions>();
        services.TryAddSingleton(provider => new SessionManager(
            provider, provider.GetRequiredService<SessionRevocations>(), provider.GetRequiredService<IOptions<SessionAuthOptions>>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<SessionManager>>()));
        services.TryAddSingleton<SessionTicketFormat>();
        services.TryAddSingleton<SessionCookieManager>();
        services.TryAddSingleton<SessionCookieEvents>();
        services.AddTransient<IStartupFilter, RequestOriginStartupFilter>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SessionAuthOptions>>((forwarded, auth) =>
        {
            if (auth.Value.TrustedProxies.Count > 0)
            {
                RequestOriginStartupFilter.TrustOnly(forwarded, auth.Value.TrustedProxies);
            }
        });

        var authentication = services.AddAuthentication(SessionAuthDefaults.AuthenticationScheme)
            .AddScheme<CookieAuthenticationOptions, SessionCookieHandler>(SessionAuthDefaults.AuthenticationScheme, displayName: null, configureOptions: null);
        OAuthProviderRegistration.AddConfiguredProviders(authentication, configuration.GetSection("Auth:Providers"));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, PostConfigureCookieAuthenticationOptions>());
        services.AddOptions<CookieAuthenticationOptions>(SessionAuthDefaults.AuthenticationScheme)
            .Configure<IOptions<SessionAuthOptions>, SessionTicketFormat, SessionCookieManager, SessionCookieEvents, TimeProvider>(
                (cookie, auth, format, manager, events, timeProvider) =>
                {
                    var settings = auth.Value;
                    cookie.Cookie.Name = settings.Cookies.SessionToken;
                    cookie.Cookie.HttpOnly = true;
                    cookie.Cookie.SameSite = SameSiteMode.Lax;
                    cookie.Cookie.Path = null; // the request's path base, or "/"
                    cookie.Cookie.IsEssential = true;
                    cookie.Cookie.SecurePolicy = settings.UseSecureCookies switch
                    {
                        true => CookieSecurePolicy.Always,
                        false => CookieSecurePolicy.None,
                        null => CookieSecurePolicy.SameAsRequest,
                    };
                    cookie.ExpireTimeSpan = SessionTicketFormat.Lifetime(settings);
                    cookie.SlidingExpiration = false; // renewal follows UpdateAge, in SessionCookieEvents
                    cookie.LoginPath = settings.Pages.SignIn;
                    cookie.AccessDeniedPath = settings.Pages.Error;
                    cookie.ReturnUrlParameter = "callbackUrl";
                    cookie.TicketDataFormat = format;
                    cookie.CookieManager = manager;
                    cookie.Events = events;
                    cookie.TimeProvider = timeProvider;
                });

        services.AddAuthorization();
        return authentication;
    }
}
