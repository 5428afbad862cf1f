namespace AuthSite.Data;

/// <summary>
/// Creates the database at start-up and, when <c>Auth:DemoUsers</c> is on (Development by default),
/// adds the demo accounts that are missing.
/// </summary>
internal sealed partial class DatabaseInitializer(AuthDatabase database, UserStore users, IConfiguration configuration, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    /// <summary>The demo accounts: email, password, role.</summary>
    public static readonly IReadOnlyList<(string Email, string Password, string Role, string Name)> DemoAccounts =
    [
        ("user@example.com", "Password1!", "user", "Demo User"),
        ("admin@example.com", "Password1!", "admin", "Demo Admin"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        if (!configuration.GetValue<bool>("Auth:DemoUsers"))
        {
            return;
        }

        foreach (var (email, password, role, name) in DemoAccounts)
        {
            if (await users.FindByEmailAsync(email, cancellationToken) is null)
            {
                await users.CreateAsync(email, password, role, name, cancellationToken);
                LogDemoUserAdded(logger, email, role);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo account {Email} ({Role}) added; turn Auth:DemoUsers off outside development.")]
    private static partial void LogDemoUserAdded(ILogger logger, string email, string role);
}
