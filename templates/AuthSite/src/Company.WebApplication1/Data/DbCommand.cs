namespace Company.WebApplication1.Data;

/// <summary>
/// Manages the database schema from the command line, in any environment: <c>dotnet run -- db migrate</c> applies the
/// pending migrations (run it before starting a new version outside Development), <c>db status</c> lists the applied and
/// pending ones.
/// </summary>
public static class DbCommand
{
    private const string Usage = """
        Usage:
          db migrate   applies the pending migrations
          db status    lists the applied and the pending migrations
        """;

    /// <summary>Whether the command line asks for this command rather than the web server.</summary>
    public static bool IsInvocation(string[] args) => args is ["db", ..];

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var database = services.GetRequiredService<AuthDatabase>();
        switch (args)
        {
            case ["db", "migrate"]:
                var pending = await database.GetPendingMigrationsAsync();
                await database.MigrateAsync();
                await output.WriteLineAsync(pending.Count == 0
                    ? $"The {database.ProviderName} database is up to date."
                    : $"Applied {pending.Count} migration(s) to the {database.ProviderName} database: {string.Join(", ", pending)}.");
                return 0;

            case ["db", "status"]:
                await output.WriteLineAsync($"Provider: {database.ProviderName}");
                foreach (var migration in await database.GetAppliedMigrationsAsync())
                {
                    await output.WriteLineAsync($"applied\t{migration}");
                }

                foreach (var migration in await database.GetPendingMigrationsAsync())
                {
                    await output.WriteLineAsync($"pending\t{migration}");
                }

                return 0;

            default:
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
