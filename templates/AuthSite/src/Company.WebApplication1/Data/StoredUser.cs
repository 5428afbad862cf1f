namespace Company.WebApplication1.Data;

/// <summary>A row of the users table: a person who signs in with a password, a provider account, or both.</summary>
public sealed class StoredUser
{
    /// <summary>A GUID in text form.</summary>
    public required string Id { get; init; }

    /// <summary>The display name, if any.</summary>
    public string? Name { get; set; }

    /// <summary>Unique without regard to case; <see langword="null"/> for a provider account that shares no email.</summary>
    public string? Email { get; set; }

    /// <summary>When the email was verified (NextAuth's <c>emailVerified</c>); <see langword="null"/> until then.</summary>
    public DateTimeOffset? EmailVerified { get; set; }

    /// <summary>The avatar's URL, if any.</summary>
    public string? Image { get; set; }

    /// <summary>The role the session carries (<c>user</c> or <c>admin</c> in this site).</summary>
    public string Role { get; set; } = "user";

    /// <summary>The password hash of <c>PasswordHasher</c>; <see langword="null"/> for users who sign in with a provider only.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>When the user was added (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
