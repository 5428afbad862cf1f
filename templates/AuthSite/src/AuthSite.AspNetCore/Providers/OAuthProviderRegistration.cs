using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AuthSite.AspNetCore.Providers;

/// <summary>
/// Adds the framework's own handlers for the providers that <c>Auth:Providers</c> configures: GitHub (OAuth),
/// Google and any OpenID Connect provider. Each answers at NextAuth's <c>/api/auth/callback/{id}</c>.
/// </summary>
internal static class OAuthProviderRegistration
{
    public static void AddConfiguredProviders(AuthenticationBuilder authentication, IConfiguration providers)
    {
        // One method per provider, so a site loads only the handler assemblies of the providers it uses.
        if (Settings(providers, "GitHub") is { } github)
        {
            AddGitHub(authentication, github);
        }

        if (Settings(providers, "Google") is { } google)
        {
            AddGoogle(authentication, google);
        }

        if (Settings(providers, "Oidc") is { } oidc)
        {
            AddOpenIdConnect(authentication, oidc);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddGitHub(AuthenticationBuilder authentication, OAuthProviderSettings github)
    {
        var name = github.Name ?? "GitHub";
        authentication.AddOAuth("github", name, options =>
        {
            Configure(options, "github", github);
            options.AuthorizationEndpoint = "https://github.com/login/oauth/authorize";
            options.TokenEndpoint = "https://github.com/login/oauth/access_token";
            options.UserInformationEndpoint = "https://api.github.com/user";
            options.Scope.Add("read:user");
            options.Scope.Add("user:email");
            options.ClaimActions.MapJsonKey("sub", "id");
            options.ClaimActions.MapJsonKey("name", "name");
            options.ClaimActions.MapJsonKey("email", "email");
            options.ClaimActions.MapJsonKey("picture", "avatar_url");
            options.Events.OnCreatingTicket = ReadGitHubProfileAsync;
        });
        authentication.Services.AddSingleton(new AuthProviderInfo("github", name, "oauth"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddGoogle(AuthenticationBuilder authentication, OAuthProviderSettings google)
    {
        var name = google.Name ?? "Google";
        authentication.AddGoogle("google", name, options =>
        {
            Configure(options, "google", google);
            options.ClaimActions.MapJsonKey("sub", "id");
            options.ClaimActions.MapJsonKey("picture", "picture");
        });
        authentication.Services.AddSingleton(new AuthProviderInfo("google", name, "oauth"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenIdConnect(AuthenticationBuilder authentication, OAuthProviderSettings oidc)
    {
        var name = oidc.Name ?? "OpenID Connect";
        authentication.AddOpenIdConnect("oidc", name, options =>
        {
            Configure(options, "oidc", oidc);
            options.Authority = oidc.Authority;
            options.RequireHttpsMetadata = oidc.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? true;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.Scope.Add("email");
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = true;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        authentication.Services.AddSingleton(new AuthProviderInfo("oidc", name, "oidc"));
    }

    private static OAuthProviderSettings? Settings(IConfiguration providers, string key)
    {
        var settings = providers.GetSection(key).Get<OAuthProviderSettings>();
        return string.IsNullOrWhiteSpace(settings?.ClientId) ? null : settings;
    }

    // What every provider shares: NextAuth's callback URL, PKCE, and correlation cookies that a top-level GET back from
    // the provider carries (SameSite=Lax; the responses come as query strings, never as cross-site form posts), of
    // which a browser keeps those of its latest sign-in only.
    private static void Configure(RemoteAuthenticationOptions options, string id, OAuthProviderSettings settings)
    {
        options.CallbackPath = $"{SessionAuthDefaults.ApiBasePath}/callback/{id}";
        options.SignInScheme = SessionAuthDefaults.AuthenticationScheme;
        SignInFlowCookies.KeepLatestOnly(options);
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Events.OnTicketReceived = ExternalSignIn.OnTicketReceivedAsync;
        options.Events.OnRemoteFailure = ExternalSignIn.OnRemoteFailureAsync;
        options.Events.OnAccessDenied = ExternalSignIn.OnAccessDeniedAsync;
        switch (options)
        {
            case OAuthOptions oauth:
                oauth.ClientId = settings.ClientId!;
                oauth.ClientSecret = settings.ClientSecret!;
                oauth.UsePkce = true;
                break;
            case OpenIdConnectOptions openIdConnect:
                openIdConnect.ClientId = settings.ClientId;
                openIdConnect.ClientSecret = settings.ClientSecret;
                openIdConnect.UsePkce = true;
                break;
        }
    }

    // GitHub's user endpoint needs the token and a User-Agent; a private email needs the emails endpoint.
    private static async Task ReadGitHubProfileAsync(OAuthCreatingTicketContext context)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
        request.Headers.UserAgent.ParseAdd("AuthSite");
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
        response.EnsureSuccessStatusCode();
        using var profile = JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
        context.RunClaimActions(profile.RootElement);

        if (context.Identity?.FindFirst("email") is null)
        {
            using var emails = new HttpRequestMessage(HttpMethod.Get, "https://api.github.com/user/emails");
            emails.Headers.Authorization = request.Headers.Authorization;
            emails.Headers.UserAgent.ParseAdd("AuthSite");
            using var emailResponse = await context.Backchannel.SendAsync(emails, context.HttpContext.RequestAborted);
            if (emailResponse.IsSuccessStatusCode)
            {
                using var list = JsonDocument.Parse(await emailResponse.Content.ReadAsStringAsync(context.HttpContext.RequestAborted));
                var primary = list.RootElement.EnumerateArray()
                    .FirstOrDefault(e => e.GetProperty("primary").GetBoolean() && e.GetProperty("verified").GetBoolean());
                if (primary.ValueKind == JsonValueKind.Object)
                {
                    context.Identity?.AddClaim(new Claim("email", primary.GetProperty("email").GetString()!));
                }
            }
        }
    }
}
