using Microsoft.AspNetCore.Identity;

namespace BaselineSite;

/// <summary>A demo account; the password is stored as a <see cref="PasswordHasher{TUser}"/> hash, as the site stores it.</summary>
public sealed record DemoUser(string Id, string Name, string Email, string Role)
{
    public string PasswordHash { get; set; } = "";
}

/// <summary>
/// The generated site's two demo accounts, hard-coded (the site keeps them in SQLite), checked with the same
/// hasher the site uses, so signing in costs the same on both sides.
/// </summary>
public sealed class DemoUsers
{
    private static readonly DemoUser Nobody = new("", "", "", "");

    private readonly PasswordHasher<DemoUser> _hasher = new();
    private readonly Dictionary<string, DemoUser> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _decoyHash;

    public DemoUsers()
    {
        foreach (var (email, name, role) in new[] { ("user@example.com", "Demo User", "user"), ("admin@example.com", "Demo Admin", "admin") })
        {
            var user = new DemoUser(Guid.NewGuid().ToString(), name, email, role);
            user.PasswordHash = _hasher.HashPassword(user, "Password1!");
            _byEmail[email] = user;
        }

        _decoyHash = _hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
    }

    /// <summary>The user whose email and password match, otherwise <see langword="null"/> (an unknown email costs a hash check too).</summary>
    public DemoUser? Check(string email, string password)
    {
        var user = _byEmail.GetValueOrDefault(email.Trim());
        var result = _hasher.VerifyHashedPassword(user ?? Nobody, user?.PasswordHash ?? _decoyHash, password);
        return user is not null && result != PasswordVerificationResult.Failed ? user : null;
    }
}
