using AuthSite.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>Registers the user database.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>The Data Protection application name: every instance of the site must share it to read each other's tokens.</summary>
    public const string ApplicationName = "Company.WebApplication1";

    /// <summary>The tag of the health checks that <c>/healthz/ready</c> runs: the database answers and has no pending migrations.</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds the database of <c>ConnectionStrings:Auth</c> (SQLite or PostgreSQL), the user store, the adapter that links OAuth
    /// accounts to users, the sessions table, the sign-in throttle's counts and the Data Protection key ring kept in the database, and its health checks, and the start-up that migrates it in Development
    /// (seeding demo users when <c>Auth:DemoUsers</c> is on) and refuses pending migrations elsewhere. Call it before any
    /// other service that uses Data Protection, so the database is ready before the key ring is first read.
    /// </summary>
    public static IServiceCollection AddUserStore(this IServiceCollection services)
    {
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<AuthDatabase>();
        services.AddDbContextFactory<SqliteAuthDbContext>((provider, options) =>
            options.UseSqlite(provider.GetRequiredService<AuthDatabase>() is { IsPostgres: false } database ? database.ConnectionString : null));
        services.AddDbContextFactory<PostgresAuthDbContext>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<AuthDatabase>() is { IsPostgres: true } database ? database.ConnectionString : null));
        services.AddScoped(provider => provider.GetRequiredService<AuthDatabase>().CreateContext());
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<AuthDbContext>();
        services.AddHealthChecks()
            .AddDbContextCheck<AuthDbContext>(tags: [ReadyTag])
            .AddCheck<PendingMigrationsHealthCheck>("migrations", tags: [ReadyTag]);
        services.AddSingleton<IPasswordHasher<StoredUser>, PasswordHasher<StoredUser>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<IAuthAdapter, EfAuthAdapter>();
        services.AddSingleton<ISessionAdapter, EfSessionAdapter>();
        services.AddSingleton<ICredentialsThrottleStore, DatabaseCredentialsThrottleStore>();
        return services;
    }
}
