namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>
/// The sessions table in memory, as the site's EF Core adapter keeps it: one row per sign-in, live while it has not expired
/// (on <see cref="Clock"/>) and was not revoked; revoking deletes the row (no <c>keepUntil</c>, database strategy) or marks it
/// revoked and keeps it until <c>keepUntil</c> (jwt strategy). Users are those of <see cref="Users"/>, which every site that
/// shares this adapter also uses, as instances of one site share a database. Counts the calls that tests bound.
/// </summary>
public sealed class MemorySessionAdapter(TimeProvider clock) : ISessionAdapter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private int _updateCalls;
    private int _sessionAndUserCalls;
    private int _revokedCalls;

    /// <summary>The store's clock, which decides what has expired.</summary>
    public TimeProvider Clock { get; } = clock;

    /// <summary>The users table: sites that share this adapter register it as their <see cref="TestUsers"/>.</summary>
    public TestUsers Users { get; } = new();

    /// <summary>Runs before <see cref="GetRevokedSessionsAsync"/> answers: lets a test hold the check or make it fail.</summary>
    public Func<Task>? BeforeGetRevokedSessions { get; set; }

    /// <summary>Awaited before each read of a session and its user and each update: a store that takes its time.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>How many times <see cref="UpdateSessionAsync"/> was called.</summary>
    public int UpdateCalls => Volatile.Read(ref _updateCalls);

    /// <summary>How many times <see cref="GetSessionAndUserAsync"/> was called.</summary>
    public int SessionAndUserCalls => Volatile.Read(ref _sessionAndUserCalls);

    /// <summary>How many times <see cref="GetRevokedSessionsAsync"/> was called.</summary>
    public int RevokedCalls => Volatile.Read(ref _revokedCalls);

    /// <summary>Every row the store holds, live, expired or revoked.</summary>
    public IReadOnlyList<(AdapterSession Session, DateTimeOffset? RevokedAt, DateTimeOffset? KeepUntil)> Rows
    {
        get
        {
            lock (_lock)
            {
                return _rows.Values.Select(row => (row.Session, row.RevokedAt, row.KeepUntil)).ToList();
            }
        }
    }

    /// <summary>The user's live sessions, now.</summary>
    public IReadOnlyList<AdapterSession> LiveSessionsOf(string userId)
    {
        lock (_lock)
        {
            return Live().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ToList();
        }
    }

    public Task CreateSessionAsync(AdapterSession session, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _rows.Add(session.Id, new Row(session, null, null));
        }

        return Task.CompletedTask;
    }

    public async Task<(AdapterSession Session, AuthUser User)?> GetSessionAndUserAsync(string sessionTokenHash, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sessionAndUserCalls);
        await Task.Delay(Latency, cancellationToken);
        lock (_lock)
        {
            var session = Live().FirstOrDefault(s => s.SessionTokenHash == sessionTokenHash);
            return session is not null && Users.FindById(session.UserId) is { } user ? (session, user) : null;
        }
    }

    public Task<AdapterSession?> GetSessionAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Live().FirstOrDefault(s => s.Id == id));
        }
    }

    public async Task UpdateSessionAsync(string id, DateTimeOffset lastSeenAt, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _updateCalls);
        await Task.Delay(Latency, cancellationToken);
        lock (_lock)
        {
            if (_rows.TryGetValue(id, out var row))
            {
                _rows[id] = row with { Session = row.Session with { LastSeenAt = lastSeenAt, Expires = expires } };
            }
        }
    }

    public Task<IReadOnlyList<AdapterSession>> GetSessionsAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(LiveSessionsOf(userId));

    public Task<IReadOnlyList<string>> RevokeSessionsAsync(
        IReadOnlyCollection<string> ids, DateTimeOffset revokedAt, DateTimeOffset? keepUntil, CancellationToken cancellationToken)
    {
        var ended = new List<string>();
        lock (_lock)
        {
            var now = Clock.GetUtcNow();
            foreach (var id in ids)
            {
                if (!_rows.TryGetValue(id, out var row) || !row.IsLive(now))
                {
                    continue;
                }

                if (keepUntil is { } until)
                {
                    _rows[id] = row with { RevokedAt = revokedAt, KeepUntil = until };
                }
                else
                {
                    _rows.Remove(id);
                }

                ended.Add(id);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(ended);
    }

    public async Task<IReadOnlyList<RevokedSession>> GetRevokedSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _revokedCalls);
        if (BeforeGetRevokedSessions is { } before)
        {
            await before();
        }

        lock (_lock)
        {
            var now = Clock.GetUtcNow();
            return _rows.Values
                .Where(row => row.RevokedAt >= since && row.KeepUntil > now)
                .Select(row => new RevokedSession(row.Session.Id, row.KeepUntil!.Value))
                .ToList();
        }
    }

    public Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var expired = _rows.Values.Where(row => row.KeepUntil is { } until ? until < now : row.Session.Expires < now).Select(row => row.Session.Id).ToList();
            foreach (var id in expired)
            {
                _rows.Remove(id);
            }

            return Task.FromResult(expired.Count);
        }
    }

    private IEnumerable<AdapterSession> Live()
    {
        var now = Clock.GetUtcNow();
        return _rows.Values.Where(row => row.IsLive(now)).Select(row => row.Session);
    }

    private sealed record Row(AdapterSession Session, DateTimeOffset? RevokedAt, DateTimeOffset? KeepUntil)
    {
        public bool IsLive(DateTimeOffset now) => RevokedAt is null && Session.Expires > now;
    }
}
