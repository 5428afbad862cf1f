using System.Collections.Concurrent;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The test site's users, in memory: the two demo accounts of the site's contract (<see cref="DemoUsers"/>) with their password, and the users
/// and linked accounts that OAuth sign-ins create through the engine (this is the site's <see cref="IAuthAdapter"/>).
/// </summary>
public sealed class TestUsers : IAuthAdapter
{
    private readonly ConcurrentDictionary<string, (AuthUser User, string? Password)> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Provider, string AccountId), string> _accounts = new();
    private readonly ConcurrentQueue<(string UserId, AuthAccount Account)> _links = new();

    public TestUsers()
    {
        Add(new AuthUser("1", "Demo User", DemoUsers.User) { Role = "user" }, DemoUsers.Password);
        Add(new AuthUser("2", "Demo Admin", DemoUsers.Admin) { Role = "admin" }, DemoUsers.Password);
    }

    /// <summary>Every account the engine linked, in order: the user's id and the account.</summary>
    public IReadOnlyCollection<(string UserId, AuthAccount Account)> Links => _links;

    /// <summary>Adds (or replaces) a user; <paramref name="password"/> <see langword="null"/> means no password sign-in.</summary>
    public void Add(AuthUser user, string? password) => _byEmail[user.Email!] = (user, password);

    /// <summary>The user with this email, or <see langword="null"/>.</summary>
    public AuthUser? Find(string email) => _byEmail.TryGetValue(email, out var entry) ? entry.User : null;

    /// <summary>The user with this id, or <see langword="null"/>.</summary>
    public AuthUser? FindById(string id) => _byEmail.Values.Select(e => e.User).FirstOrDefault(u => u.Id == id);

    /// <summary>The user when the password is theirs, else <see langword="null"/> (the credentials provider's Authorize).</summary>
    public AuthUser? CheckPassword(string email, string password) =>
        _byEmail.TryGetValue(email.Trim(), out var entry) && entry.Password is not null && entry.Password == password ? entry.User : null;

    /// <summary>Gives the user another role (read again on the session's next refresh).</summary>
    public void SetRole(string email, string role)
    {
        var (user, password) = _byEmail[email];
        _byEmail[email] = (user with { Role = role }, password);
    }

    /// <summary>Removes the user.</summary>
    public void Remove(string email) => _byEmail.TryRemove(email, out _);

    public Task<AuthUser?> GetUserByAccountAsync(string provider, string providerAccountId, CancellationToken cancellationToken) =>
        Task.FromResult(_accounts.TryGetValue((provider, providerAccountId), out var id) ? FindById(id) : null);

    public Task<AuthUser?> GetUserByEmailAsync(string email, CancellationToken cancellationToken) => Task.FromResult(Find(email));

    public Task<AuthUser> CreateUserAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var created = user with { Id = Guid.NewGuid().ToString("N"), Role = "user" };
        Add(created, password: null);
        return Task.FromResult(created);
    }

    public Task LinkAccountAsync(string userId, AuthAccount account, CancellationToken cancellationToken)
    {
        _accounts[(account.Provider, account.ProviderAccountId)] = userId;
        _links.Enqueue((userId, account));
        return Task.CompletedTask;
    }
}
