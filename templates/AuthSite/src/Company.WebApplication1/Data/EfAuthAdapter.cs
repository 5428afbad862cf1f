using AuthSite.AspNetCore;
using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>Keeps OAuth and OpenID Connect users in the users table and their provider accounts in the accounts table.</summary>
public sealed class EfAuthAdapter(AuthDatabase database, UserStore users, TimeProvider timeProvider) : IAuthAdapter
{
    public async Task<AuthUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var user = await context.Accounts
            .Where(a => a.Provider == provider && a.ProviderAccountId == providerAccountId)
            .Join(context.Users, a => a.UserId, u => u.Id, (_, u) => u)
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
        return user is null ? null : UserStore.ToAuthUser(user);
    }

    public async Task<AuthUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        await users.FindByEmailAsync(email, cancellationToken) is { } user ? UserStore.ToAuthUser(user) : null;

    public async Task<AuthUser> CreateUserAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var created = user with { Id = Guid.NewGuid().ToString(), Role = user.Role ?? "user" };
        await using var context = database.CreateContext();
        context.Users.Add(new StoredUser
        {
            Id = created.Id,
            Name = created.Name,
            Email = created.Email,
            Image = created.Image,
            Role = created.Role,
            CreatedAt = timeProvider.GetUtcNow(),
        });
        await context.SaveChangesAsync(cancellationToken);
        return created;
    }

    public async Task LinkAccountAsync(string userId, AuthAccount account, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        context.Accounts.Add(new StoredAccount
        {
            Id = Guid.NewGuid().ToString(),
            UserId = userId,
            Type = account.Type,
            Provider = account.Provider,
            ProviderAccountId = account.ProviderAccountId,
        });
        await context.SaveChangesAsync(cancellationToken);
    }
}
