namespace AuthSite.AspNetCore.Providers;

/// <summary>A configured OAuth or OpenID Connect provider, as the sign-in page and <c>/api/auth/providers</c> list it.</summary>
/// <param name="Id">The id in URLs, e.g. <c>github</c> in <c>/api/auth/callback/github</c>; also its authentication scheme.</param>
/// <param name="Name">The name on its button.</param>
/// <param name="Type"><c>oauth</c> or <c>oidc</c>.</param>
public sealed record AuthProviderInfo(string Id, string Name, string Type);
