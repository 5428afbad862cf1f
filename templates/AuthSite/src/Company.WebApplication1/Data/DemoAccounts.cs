namespace Company.WebApplication1.Data;

/// <summary>
/// The demo accounts of Development (<c>Auth:DemoUsers</c>). Their password is published in the README, so outside
/// Development they are removed at start-up, can never sign in, and their sessions end.
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
    public static bool IsDemo(string email)
    {
        foreach (var account in All)
        {
            if (string.Equals(account.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="email"/> is a demo account's while the site runs outside Development, where a demo account
    /// may neither sign in nor keep a session that a Development run started (a browser sends its cookie to both).
    /// </summary>
    public static bool IsOutOfPlace(HttpContext context, string? email) =>
        IsOutOfPlace(context.RequestServices.GetRequiredService<IHostEnvironment>(), email);

    /// <summary>Whether <paramref name="email"/> is a demo account's while the site runs in <paramref name="environment"/>, not Development.</summary>
    public static bool IsOutOfPlace(IHostEnvironment environment, string? email) =>
        email is not null && IsDemo(email) && !environment.IsDevelopment();
}
