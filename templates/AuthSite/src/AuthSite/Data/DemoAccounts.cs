namespace AuthSite.Data;

/// <summary>
/// The demo accounts of Development (<c>Auth:DemoUsers</c>). Their password is published in the README, so outside
/// Development they are removed at start-up and can never sign in.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The password of every demo account.</summary>
    public const string Password = "Password1!";

    /// <summary>The demo accounts: email, role, display name.</summary>
    public static IReadOnlyList<(string Email, string Role, string Name)> All { get; } =
    [
        ("user@example.com", "user", "Demo User"),
        ("admin@example.com", "admin", "Demo Admin"),
    ];

    /// <summary>Whether <paramref name="email"/> (trimmed, any case) is a demo account's.</summary>
    public static bool IsDemo(string email) =>
        All.Any(account => string.Equals(account.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
}
