using AuthSite.AspNetCore;

namespace Company.WebApplication1.Data;

/// <summary>Keeps OAuth and OpenID Connect users in the users table and their provider accounts in the accounts table.</summary>
public sealed class SqliteAuthAdapter(AuthDatabase database, UserStore users, TimeProvider timeProvider) : IAuthAdapter
{
    public async Task<AuthUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT u.id, u.name, u.email, u.image, u.role FROM users u
            JOIN accounts a ON a.user_id = u.id
            WHERE a.provider = $provider AND a.provider_account_id = $account
            """;
        command.Parameters.AddWithValue("$provider", provider);
        command.Parameters.AddWithValue("$account", providerAccountId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AuthUser(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)) { Role = reader.GetString(4) }
            : null;
    }

    public async Task<AuthUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        await users.FindByEmailAsync(email, cancellationToken) is { } user
            ? new AuthUser(user.Id, user.Name, user.Email, user.Image) { Role = user.Role }
            : null;

    public async Task<AuthUser> CreateUserAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var created = user with { Id = Guid.NewGuid().ToString(), Role = user.Role ?? "user" };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (id, name, email, email_verified, image, role, created_at)
            VALUES ($id, $name, $email, $verified, $image, $role, $created)
            """;
        command.Parameters.AddWithValue("$id", created.Id);
        command.Parameters.AddWithValue("$name", (object?)created.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$email", (object?)created.Email ?? DBNull.Value);
        command.Parameters.AddWithValue("$verified", DBNull.Value);
        command.Parameters.AddWithValue("$image", (object?)created.Image ?? DBNull.Value);
        command.Parameters.AddWithValue("$role", created.Role);
        command.Parameters.AddWithValue("$created", timeProvider.GetUtcNow().ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
        return created;
    }

    public async Task LinkAccountAsync(string userId, AuthAccount account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO accounts (id, user_id, type, provider, provider_account_id)
            VALUES ($id, $user, $type, $provider, $account)
            """;
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$type", account.Type);
        command.Parameters.AddWithValue("$provider", account.Provider);
        command.Parameters.AddWithValue("$account", account.ProviderAccountId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
