namespace AuthSite.AspNetCore;

/// <summary>A user as a provider returns it at sign-in (NextAuth's <c>User</c>).</summary>
/// <param name="Id">The stable id; becomes the token's <c>sub</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="Email">Email address.</param>
/// <param name="Image">Avatar URL; becomes the token's <c>picture</c>.</param>
public sealed record AuthUser(string Id, string? Name = null, string? Email = null, string? Image = null)
{
    /// <summary>The user's role, if the site uses roles. The template copies it into the token and the session.</summary>
    public string? Role { get; init; }
}
