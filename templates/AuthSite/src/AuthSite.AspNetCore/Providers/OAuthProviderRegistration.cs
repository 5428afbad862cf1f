using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Authentication.OAuth;

namespace AuthSite.AspNetCore.Providers;

/// <summary>
/// Adds the framework's own handlers for the providers that <c>Auth:Providers</c> configures: GitHub (OAuth),
/// Google and any OpenID Connect provider, through the same public extensions a site uses for a provider of its own.
/// Each answers at NextAuth's <c>/api/auth/callback/{id}</c>.
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
    private static void AddGitHub(AuthenticationBuilder authentication, OAuthProviderSettings github) =>
        authentication.AddSessionAuthProvider<OAuthOptions, OAuthHandler<OAuthOptions>>("github", github.Name ?? "GitHub", options =>
        {
            UseClient(options, github);
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddGoogle(AuthenticationBuilder authentication, OAuthProviderSettings google) =>
        authentication.AddSessionAuthProvider<GoogleOptions, GoogleHandler>("google", google.Name ?? "Google", options =>
        {
            UseClient(options, google);
            options.ClaimActions.MapJsonKey("sub", "id");
            options.ClaimActions.MapJsonKey("picture", "picture");
        });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOpenIdConnect(AuthenticationBuilder authentication, OAuthProviderSettings oidc) =>
        authentication.AddSessionAuthOpenIdConnectProvider("oidc", oidc.Name ?? "OpenID Connect", options =>
        {
            options.Authority = oidc.Authority;
            options.RequireHttpsMetadata = oidc.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? true;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
        });

    private static OAuthProviderSettings? Settings(IConfiguration providers, string key)
    {
        var settings = providers.GetSection(key).Get<OAuthProviderSettings>();
        return string.IsNullOrWhiteSpace(settings?.ClientId) ? null : settings;
    }

    private static void UseClient(OAuthOptions options, OAuthProviderSettings settings)
    {
        options.ClientId = settings.ClientId!;
        options.ClientSecret = settings.ClientSecret!;
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
