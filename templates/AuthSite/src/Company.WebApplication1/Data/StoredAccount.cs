namespace Company.WebApplication1.Data;

/// <summary>A row of the accounts table: a user's account at an OAuth or OpenID Connect provider (NextAuth's <c>Account</c>).</summary>
public sealed class StoredAccount
{
    /// <summary>A GUID in text form.</summary>
    public required string Id { get; init; }

    /// <summary>The user the account belongs to; removing the user removes the account.</summary>
    public required string UserId { get; init; }

    /// <summary><c>oauth</c> or <c>oidc</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The provider's id, e.g. <c>github</c>.</summary>
    public required string Provider { get; init; }

    /// <summary>The user's id at the provider; unique per provider.</summary>
    public required string ProviderAccountId { get; init; }

    /// <summary>The provider's refresh token, when kept.</summary>
    public string? RefreshToken { get; set; }

    /// <summary>The provider's access token, when kept.</summary>
    public string? AccessToken { get; set; }

    /// <summary>When the access token expires, in seconds since the Unix epoch.</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>The access token's type, e.g. <c>bearer</c>.</summary>
    public string? TokenType { get; set; }

    /// <summary>The scopes granted.</summary>
    public string? Scope { get; set; }

    /// <summary>The provider's ID token, when kept.</summary>
    public string? IdToken { get; set; }

    /// <summary>The provider's session state, when given.</summary>
    public string? SessionState { get; set; }
}
