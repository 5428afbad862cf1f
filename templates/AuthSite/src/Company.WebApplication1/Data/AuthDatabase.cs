using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Company.WebApplication1.Data;

/// <summary>
/// The database of <c>ConnectionStrings:Auth</c>: PostgreSQL for a <c>Host=</c> (or <c>Server=</c>) connection string,
/// SQLite for <c>Data Source=</c> (a relative file is taken from the content root, its folder created). Hands out
/// <see cref="AuthDbContext"/>s of that provider and applies the migrations.
/// </summary>
public sealed class AuthDatabase
{
    private readonly IServiceProvider _services;

    /// <summary>Reads the connection string; throws <see cref="InvalidOperationException"/> (without its content) when it names no known database.</summary>
    public AuthDatabase(IConfiguration configuration, IHostEnvironment environment, IServiceProvider services)
    {
        _services = services;
        var connectionString = configuration.GetConnectionString("Auth") ?? "Data Source=App_Data/auth.db";
        var keys = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (keys.ContainsKey("Host") || keys.ContainsKey("Server"))
        {
            IsPostgres = true;
            ConnectionString = connectionString;
            return;
        }

        if (!keys.ContainsKey("Data Source") && !keys.ContainsKey("DataSource") && !keys.ContainsKey("Filename"))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:Auth names no database: use 'Host=...;Database=...;Username=...;Password=...' for PostgreSQL "
                + "or 'Data Source=App_Data/auth.db' for SQLite.");
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (sqlite.DataSource != ":memory:" && !Path.IsPathRooted(sqlite.DataSource))
        {
            sqlite.DataSource = Path.Combine(environment.ContentRootPath, sqlite.DataSource);
        }

        if (Path.GetDirectoryName(sqlite.DataSource) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        ConnectionString = sqlite.ToString();
    }

    /// <summary>Whether the database is PostgreSQL rather than SQLite.</summary>
    public bool IsPostgres { get; }

    /// <summary>The provider's name for logs and <c>db status</c>: <c>PostgreSQL</c> or <c>SQLite</c>.</summary>
    public string ProviderName => IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>The connection string, a relative SQLite file made absolute. Never log it: it may hold a password.</summary>
    public string ConnectionString { get; }

    /// <summary>A context on the database; dispose it when done.</summary>
    public AuthDbContext CreateContext() => IsPostgres
        ? _services.GetRequiredService<IDbContextFactory<PostgresAuthDbContext>>().CreateDbContext()
        : _services.GetRequiredService<IDbContextFactory<SqliteAuthDbContext>>().CreateDbContext();

    /// <summary>The migrations applied, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetAppliedMigrationsAsync(CancellationToken cancellationToken = default)
    {
        // An empty database has none: asked first, since EF Core's PostgreSQL provider reads the missing history table and logs an error.
        await using var context = CreateContext();
        return await context.GetService<IRelationalDatabaseCreator>().HasTablesAsync(cancellationToken)
            ? [.. await context.Database.GetAppliedMigrationsAsync(cancellationToken)]
            : [];
    }

    /// <summary>The migrations not applied yet, oldest first; a SQLite database made before migrations counts the first one as applied.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        if (!await context.GetService<IRelationalDatabaseCreator>().HasTablesAsync(cancellationToken))
        {
            // An empty database lacks every migration (asked first, as above).
            return [.. context.Database.GetMigrations()];
        }

        var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (await IsUnmigratedAsync(context, cancellationToken))
        {
            pending.RemoveAt(0);
        }

        return pending;
    }

    /// <summary>
    /// Applies the pending migrations, one instance at a time, so instances starting together apply each migration once:
    /// SQLite relies on EF Core's migration lock (a lock table); PostgreSQL takes a session-wide advisory lock as well,
    /// since EF Core's there (a table lock per transaction) let two instances apply the same migration to a new database.
    /// With none pending it takes no lock, so a start or a <c>users</c> command on an up-to-date database logs nothing.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if ((await GetPendingMigrationsAsync(cancellationToken)).Count == 0)
        {
            return;
        }

        await using var context = CreateContext();
        if (!IsPostgres)
        {
            await MigrateUnlockedAsync(context, cancellationToken);
            return;
        }

        // EF Core has no API for an advisory lock. It is held by the connection's session, which stays open until unlocked.
        await context.Database.OpenConnectionAsync(cancellationToken);
        await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(1920190417)", cancellationToken);
        try
        {
            // Created ahead of EF Core, which on a new database first reads the missing table and logs that as an error.
            await context.Database.ExecuteSqlRawAsync(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
            await MigrateUnlockedAsync(context, cancellationToken);
        }
        finally
        {
            await context.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(1920190417)", CancellationToken.None);
        }
    }

    private async Task MigrateUnlockedAsync(AuthDbContext context, CancellationToken cancellationToken)
    {
        if (await IsUnmigratedAsync(context, cancellationToken))
        {
            // The template's first schema was created by hand: its tables are the initial migration's, so record that one as applied.
            var history = context.GetService<IHistoryRepository>();
            var initial = new HistoryRow(context.Database.GetMigrations().First(), ProductInfo.GetVersion());
            var script = history.GetCreateIfNotExistsScript() + history.GetInsertScript(initial);
            await context.Database.ExecuteSqlRawAsync(script, cancellationToken);
        }

        await context.Database.MigrateAsync(cancellationToken);
        if (!IsPostgres)
        {
            // Readers do not wait for a writer; the mode is kept in the file. EF Core has no API for it.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }
    }

    // Only the template's SQLite databases predate migrations; a PostgreSQL database with tables of its own is no such database.
    private async Task<bool> IsUnmigratedAsync(AuthDbContext context, CancellationToken cancellationToken) =>
        !IsPostgres
        && !await context.GetService<IHistoryRepository>().ExistsAsync(cancellationToken)
        && await context.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
        && await context.GetService<IRelationalDatabaseCreator>().HasTablesAsync(cancellationToken);
}
