namespace Company.WebApplication1.Data;

/// <summary>
/// Readies the database at start-up. In Development applies the pending migrations and, with <c>Auth:DemoUsers</c> on,
/// adds the demo accounts that are missing; in any other environment refuses to start while migrations are pending
/// (they are applied by <c>dotnet run -- db migrate</c>) and removes the demo accounts, since a database first used in
/// Development may hold them.
/// </summary>
internal sealed partial class DatabaseInitializer(
    AuthDatabase database, UserStore users, IConfiguration configuration, IHostEnvironment environment, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demoUsers = configuration.GetValue<bool>("Auth:DemoUsers");
        if (environment.IsDevelopment())
        {
            await database.MigrateAsync(cancellationToken);
        }
        else if (demoUsers)
        {
            throw new InvalidOperationException(
                $"Auth:DemoUsers is on in the {environment.EnvironmentName} environment. The demo accounts' password is published, so they "
                + "exist in Development only: turn Auth:DemoUsers off and add users with 'dotnet run -- users add <email>'.");
        }
        else if (await database.GetPendingMigrationsAsync(cancellationToken) is { Count: > 0 } pending)
        {
            throw new InvalidOperationException(
                $"The {database.ProviderName} database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}). "
                + "Apply them with the site's own environment and connection string: 'dotnet <site>.dll db migrate' for a published site, "
                + "'dotnet run --project <site folder> --no-launch-profile -- db migrate' from the source; then start the site.");
        }

        var applied = await database.GetAppliedMigrationsAsync(cancellationToken);
        LogDatabase(logger, database.ProviderName, applied.Count > 0 ? applied[^1] : "none");
        if (!environment.IsDevelopment())
        {
            foreach (var (email, _, _) in DemoAccounts.All)
            {
                if (await users.RemoveAsync(email, cancellationToken))
                {
                    LogDemoUserRemoved(logger, email, environment.EnvironmentName);
                }
            }
        }
        else if (demoUsers)
        {
            foreach (var (email, role, name) in DemoAccounts.All)
            {
                if (await users.FindByEmailAsync(email, cancellationToken) is null)
                {
                    await users.CreateAsync(email, DemoAccounts.Password, role, name, cancellationToken);
                    LogDemoUserAdded(logger, email, role);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database: {Provider}, schema version {Migration}.")]
    private static partial void LogDatabase(ILogger logger, string provider, string migration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo account {Email} ({Role}) added; demo accounts exist in Development only.")]
    private static partial void LogDemoUserAdded(ILogger logger, string email, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo account {Email} removed from the database: demo accounts cannot sign in outside Development ({Environment}).")]
    private static partial void LogDemoUserRemoved(ILogger logger, string email, string environment);
}
