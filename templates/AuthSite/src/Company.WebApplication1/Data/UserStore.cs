using AuthSite.AspNetCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>Users and their passwords, hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
public sealed class UserStore(AuthDatabase database, IPasswordHasher<StoredUser> hasher, TimeProvider timeProvider, IHostEnvironment environment)
{
    private static readonly StoredUser Nobody = new() { Id = "" };

    // Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(Nobody, Guid.NewGuid().ToString()));

    /// <summary>The user with <paramref name="email"/> (trimmed; case-insensitive), or <see langword="null"/>.</summary>
    public async Task<StoredUser?> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await ByEmail(context, email).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
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
            await SetPasswordAsync(email, password, cancellationToken);
        }

        return ToAuthUser(user);
    }

    /// <summary>Adds a user. Throws <see cref="InvalidOperationException"/> when the email is taken.</summary>
    public async Task<StoredUser> CreateAsync(string email, string password, string role = "user", string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var user = new StoredUser { Id = Guid.NewGuid().ToString(), Name = name, Email = email.Trim(), Role = role, CreatedAt = timeProvider.GetUtcNow() };
        await using var context = database.CreateContext();

        // Asked first, so that a duplicate costs no password hash and no failed insert, which EF Core logs as an error.
        if (await ByEmail(context, user.Email).AnyAsync(cancellationToken))
        {
            throw Duplicate(user.Email);
        }

        user.PasswordHash = hasher.HashPassword(user, password);
        context.Users.Add(user);
        try
        {
            await context.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception)
        {
            // Between the question and the insert another add may win: both databases enforce the unique email, and asking
            // again tells that duplicate from any other failure.
            if (await ByEmail(context, user.Email).AnyAsync(cancellationToken))
            {
                throw Duplicate(user.Email, exception);
            }

            throw;
        }

        return user;

        static InvalidOperationException Duplicate(string email, Exception? inner = null) =>
            new($"A user with the email '{email}' already exists.", inner);
    }

    /// <summary>Replaces a user's password; <see langword="false"/> when there is no such user.</summary>
    public async Task<bool> SetPasswordAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var hash = hasher.HashPassword(Nobody, password);
        await using var context = database.CreateContext();
        return await ByEmail(context, email).ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, hash), cancellationToken) == 1;
    }

    /// <summary>Changes a user's role; <see langword="false"/> when there is no such user.</summary>
    public async Task<bool> SetRoleAsync(string email, string role, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await ByEmail(context, email).ExecuteUpdateAsync(set => set.SetProperty(u => u.Role, role), cancellationToken) == 1;
    }

    /// <summary>Deletes a user and their accounts and sessions (the database cascades); <see langword="false"/> when there is no such user.</summary>
    public async Task<bool> RemoveAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await ByEmail(context, email).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    /// <summary>All users, by email.</summary>
    public async Task<IReadOnlyList<StoredUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
    }

    /// <summary>The user as the engine knows it.</summary>
    internal static AuthUser ToAuthUser(StoredUser user) => new(user.Id, user.Name, user.Email, user.Image) { Role = user.Role };

    // The column's collation (SQLite NOCASE, PostgreSQL citext) makes the comparison case-insensitive.
    private static IQueryable<StoredUser> ByEmail(AuthDbContext context, string email)
    {
        var trimmed = email.Trim();
        return context.Users.Where(u => u.Email == trimmed);
    }
}
