using Microsoft.Data.Sqlite;

namespace Company.WebApplication1.Data;

/// <summary>
/// The SQLite database of users, with the tables of NextAuth's adapter model (users, accounts, sessions,
/// verification tokens) so OAuth accounts and database sessions have a home. The file is created on first use.
/// </summary>
public sealed class AuthDatabase
{
    private readonly string _connectionString;

    /// <summary>Reads <c>ConnectionStrings:Auth</c>; a relative file path is taken from the content root.</summary>
    public AuthDatabase(IConfiguration configuration, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Auth") ?? "Data Source=App_Data/auth.db");
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.Combine(environment.ContentRootPath, builder.DataSource);
        }

        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        // Removing a user removes their accounts and sessions (ON DELETE CASCADE).
        builder.ForeignKeys = true;
        _connectionString = builder.ToString();
    }

    /// <summary>Opens a connection; dispose it when done (connections are pooled).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Creates the tables that do not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                id TEXT PRIMARY KEY,
                name TEXT,
                email TEXT UNIQUE COLLATE NOCASE,
                email_verified TEXT,
                image TEXT,
                role TEXT NOT NULL DEFAULT 'user',
                password_hash TEXT,
                created_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS accounts (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                type TEXT NOT NULL,
                provider TEXT NOT NULL,
                provider_account_id TEXT NOT NULL,
                refresh_token TEXT,
                access_token TEXT,
                expires_at INTEGER,
                token_type TEXT,
                scope TEXT,
                id_token TEXT,
                session_state TEXT,
                UNIQUE (provider, provider_account_id)
            );
            CREATE TABLE IF NOT EXISTS sessions (
                id TEXT PRIMARY KEY,
                session_token TEXT NOT NULL UNIQUE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                expires TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS verification_tokens (
                identifier TEXT NOT NULL,
                token TEXT NOT NULL UNIQUE,
                expires TEXT NOT NULL,
                PRIMARY KEY (identifier, token)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
