using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Company.WebApplication1.Data;

/// <summary>Users and their passwords, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class UserStore(AuthDatabase database, IPasswordHasher<StoredUser> hasher, TimeProvider timeProvider, IHostEnvironment environment)
{
    private static readonly StoredUser Nobody = new("", null, "", null, "", null);

    // Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    /// <summary>The user with <paramref name="email"/> (case-insensitive), or <see langword="null"/>.</summary>
    public async Task<StoredUser?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, email, image, role, password_hash FROM users WHERE email = $email";
        command.Parameters.AddWithValue("$email", email.Trim());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>
    /// The user whose email and password match, as the credentials provider needs it; otherwise <see langword="null"/>.
    /// Outside Development a demo account never matches, even in a database that a Development run has seeded since start-up.
    /// </summary>
    public async Task<AuthUser?> CheckPasswordAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var user = environment.IsDevelopment() || !DemoAccounts.IsDemo(email) ? await FindByEmailAsync(email, cancellationToken) : null;
        var hash = user?.PasswordHash ?? _decoyHash.Value;
        var result = hasher.VerifyHashedPassword(user ?? Nobody, hash, password);
        if (user?.PasswordHash is null || result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await SetPasswordAsync(user.Email, password, cancellationToken);
        }

        return new AuthUser(user.Id, user.Name, user.Email, user.Image) { Role = user.Role };
    }

    /// <summary>Adds a user. Throws <see cref="InvalidOperationException"/> when the email is taken.</summary>
    public async Task<StoredUser> CreateAsync(string email, string password, string role = "user", string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var user = new StoredUser(Guid.NewGuid().ToString(), name, email.Trim(), null, role, null);
        user = user with { PasswordHash = hasher.HashPassword(user, password) };

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (id, name, email, image, role, password_hash, created_at)
            VALUES ($id, $name, $email, $image, $role, $hash, $created)
            """;
        command.Parameters.AddWithValue("$id", user.Id);
        command.Parameters.AddWithValue("$name", (object?)user.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("$email", user.Email);
        command.Parameters.AddWithValue("$image", DBNull.Value);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$hash", user.PasswordHash);
        command.Parameters.AddWithValue("$created", timeProvider.GetUtcNow().ToString("O"));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"A user with the email '{user.Email}' already exists.", exception);
        }

        return user;
    }

    /// <summary>Replaces a user's password; <see langword="false"/> when there is no such user.</summary>
    public async Task<bool> SetPasswordAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET password_hash = $hash WHERE email = $email";
        command.Parameters.AddWithValue("$hash", hasher.HashPassword(Nobody, password));
        command.Parameters.AddWithValue("$email", email.Trim());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Changes a user's role; <see langword="false"/> when there is no such user.</summary>
    public async Task<bool> SetRoleAsync(string email, string role, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET role = $role WHERE email = $email";
        command.Parameters.AddWithValue("$role", role);
        command.Parameters.AddWithValue("$email", email.Trim());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Deletes a user and their accounts and sessions; <see langword="false"/> when there is no such user.</summary>
    public async Task<bool> RemoveAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM users WHERE email = $email";
        command.Parameters.AddWithValue("$email", email.Trim());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>All users, by email.</summary>
    public async Task<IReadOnlyList<StoredUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, email, image, role, password_hash FROM users ORDER BY email";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var users = new List<StoredUser>();
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    private static StoredUser Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5));
}
