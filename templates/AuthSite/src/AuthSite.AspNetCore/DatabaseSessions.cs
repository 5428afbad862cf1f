using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthSite.AspNetCore.Tokens;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Finds the session and user of a database-strategy cookie (NextAuth's <c>getSessionAndUser</c>) and remembers what it
/// found for <c>Session:RevocationCheckInterval</c>, so a busy user's requests read the store once per interval rather than
/// once each. A session this instance ends is refused at once (<see cref="SessionRevocations"/>); one that another
/// instance ends, once the remembered copy is older than the interval.
/// </summary>
internal sealed class DatabaseSessions(IServiceProvider services, IOptions<SessionAuthOptions> options, TimeProvider timeProvider) : IDisposable
{
    // About one entry per signed-in user, as the token decode cache.
    private const int Capacity = 10_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly ConcurrentDictionary<string, Lazy<Task<DatabaseSession?>>> _reads = new(StringComparer.Ordinal);
    private readonly ISessionAdapter? _adapter = services.GetService<ISessionAdapter>();

    /// <summary>The live session of <paramref name="token"/> (the cookie's value), or <see langword="null"/>.</summary>
    public async ValueTask<DatabaseSession?> FindAsync(string token)
    {
        var now = timeProvider.GetUtcNow();
        if (!_cache.TryGetValue(token, out DatabaseSession? found) || found!.ReadAt + options.Value.Session.RevocationCheckInterval <= now)
        {
            // The requests of one session that miss together share one read (GetOrAdd may make several Lazy, but only the
            // one it stores is ever started).
            var read = _reads.GetOrAdd(token, key => new Lazy<Task<DatabaseSession?>>(() => ReadAsync(key)));
            try
            {
                found = await read.Value;
            }
            finally
            {
                _reads.TryRemove(new KeyValuePair<string, Lazy<Task<DatabaseSession?>>>(token, read));
            }
        }

        return found is not null && found.Session.Expires > now ? found : null;
    }

    /// <summary>Records that the session of <paramref name="token"/> was extended to <paramref name="expires"/>.</summary>
    public void Extended(string token, DatabaseSession session, DateTimeOffset lastSeenAt, DateTimeOffset expires) =>
        Remember(token, new DatabaseSession(session.Session with { LastSeenAt = lastSeenAt, Expires = expires }, session.User, session.ReadAt));

    /// <summary>The claims a database session presents as its token: the user's <c>sub</c>, <c>name</c>, <c>email</c>, <c>picture</c>, <c>role</c>.</summary>
    public static JsonObject ClaimsOf(AuthUser user)
    {
        var claims = new JsonObject { ["sub"] = user.Id };
        AddIfPresent(claims, "name", user.Name);
        AddIfPresent(claims, "email", user.Email);
        AddIfPresent(claims, "picture", user.Image);
        AddIfPresent(claims, "role", user.Role);
        return claims;
    }

    public void Dispose() => _cache.Dispose();

    // Not cancelled with the request that started it: other requests may be waiting for it.
    private async Task<DatabaseSession?> ReadAsync(string token)
    {
        var now = timeProvider.GetUtcNow();
        if (_adapter is null || await _adapter.GetSessionAndUserAsync(DatabaseSessionTokens.Hash(token), CancellationToken.None) is not var (session, user))
        {
            _cache.Remove(token);
            return null;
        }

        var found = new DatabaseSession(session, user, now);
        Remember(token, found);
        return found;
    }

    private void Remember(string token, DatabaseSession session)
    {
        using var entry = _cache.CreateEntry(token);
        entry.Size = 1;
        entry.AbsoluteExpirationRelativeToNow = options.Value.Session.RevocationCheckInterval;
        entry.Value = session;
    }

    private static void AddIfPresent(JsonObject claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }
}

/// <summary>A database session and its user as read from the store at <see cref="ReadAt"/>, with the claims built once.</summary>
internal sealed record DatabaseSession(AdapterSession Session, AuthUser User, DateTimeOffset ReadAt)
{
    private int _extensionClaimed;

    private readonly JsonElement _claims = JsonSerializer.SerializeToElement(DatabaseSessions.ClaimsOf(User));
    private readonly IReadOnlyList<KeyValuePair<string, string>> _claimValues = SessionTokenClaims.ToClaimValues(DatabaseSessions.ClaimsOf(User));

    /// <summary>Whether this request is the first to extend the session as read; every later one gets <see langword="false"/>.</summary>
    public bool TryClaimExtension() => Interlocked.Exchange(ref _extensionClaimed, 1) == 0;

    /// <summary>A new identity for one request: its token object is its own, over claims shared by every request.</summary>
    public SessionIdentity CreateIdentity() =>
        new(JsonObject.Create(_claims)!, _claimValues, _claims) { SessionId = Session.Id, User = User };
}
