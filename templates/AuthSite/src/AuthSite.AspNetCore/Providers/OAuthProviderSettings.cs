namespace AuthSite.AspNetCore.Providers;

/// <summary>
/// One provider's settings, from <c>Auth:Providers:GitHub</c>, <c>Auth:Providers:Google</c> or <c>Auth:Providers:Oidc</c>
/// (in environment variables: <c>Auth__Providers__GitHub__ClientId</c> ...). A provider is on once its client id is set.
/// </summary>
internal sealed class OAuthProviderSettings
{
    /// <summary>The client (application) id registered with the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret. Keep it out of source control: user secrets or an environment variable.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OpenID Connect only: the issuer URL whose <c>/.well-known/openid-configuration</c> describes the provider.</summary>
    public string? Authority { get; set; }

    /// <summary>The name on the sign-in button; defaults to the provider's.</summary>
    public string? Name { get; set; }
}
