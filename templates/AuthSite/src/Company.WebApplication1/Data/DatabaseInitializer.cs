namespace Company.WebApplication1.Data;

/// <summary>
/// Creates the database at start-up. In Development with <c>Auth:DemoUsers</c> on, adds the demo accounts that are
/// missing; in any other environment removes them, since a database first used in Development may hold them.
/// </summary>
internal sealed partial class DatabaseInitializer(
    AuthDatabase database, UserStore users, IConfiguration configuration, IHostEnvironment environment, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await database.EnsureCreatedAsync(cancellationToken);
        var demoUsers = configuration.GetValue<bool>("Auth:DemoUsers");
        if (!environment.IsDevelopment())
        {
            if (demoUsers)
            {
                throw new InvalidOperationException(
                    $"Auth:DemoUsers is on in the {environment.EnvironmentName} environment. The demo accounts' password is published, so they "
                    + "exist in Development only: turn Auth:DemoUsers off and add users with 'dotnet run -- users add <email>'.");
            }

            foreach (var (email, _, _) in DemoAccounts.All)
            {
                if (await users.RemoveAsync(email, cancellationToken))
                {
                    LogDemoUserRemoved(logger, email, environment.EnvironmentName);
                }
            }

            return;
        }

        if (!demoUsers)
        {
            return;
        }

        foreach (var (email, role, name) in DemoAccounts.All)
        {
            if (await users.FindByEmailAsync(email, cancellationToken) is null)
            {
                await users.CreateAsync(email, DemoAccounts.Password, role, name, cancellationToken);
                LogDemoUserAdded(logger, email, role);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo account {Email} ({Role}) added; demo accounts exist in Development only.")]
    private static partial void LogDemoUserAdded(ILogger logger, string email, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo account {Email} removed from the database: demo accounts cannot sign in outside Development ({Environment}).")]
    private static partial void LogDemoUserRemoved(ILogger logger, string email, string environment);
}
