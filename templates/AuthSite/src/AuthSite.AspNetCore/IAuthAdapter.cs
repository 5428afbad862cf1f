namespace AuthSite.AspNetCore;

/// <summary>
/// Where OAuth and OpenID Connect users and their linked accounts are stored (NextAuth's <c>Adapter</c>).
/// The site's implementation is <c>Data/SqliteAuthAdapter</c>.
/// </summary>
public interface IAuthAdapter
{
    /// <summary>The user who linked this provider account, or <see langword="null"/>.</summary>
    Task<AuthUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken);

    /// <summary>The user with this email (case-insensitive), or <see langword="null"/>.</summary>
    Task<AuthUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Creates a user from a provider's profile and returns it with its new id.</summary>
    Task<AuthUser> CreateUserAsync(AuthUser user, CancellationToken cancellationToken);

    /// <summary>Links a provider account to a user, so later sign-ins with it find the user.</summary>
    Task LinkAccountAsync(string userId, AuthAccount account, CancellationToken cancellationToken);
}
