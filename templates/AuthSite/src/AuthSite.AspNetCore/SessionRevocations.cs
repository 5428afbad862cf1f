using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// The ids of sessions ended before their time, as this instance knows them: those it ended itself at once, and those
/// other instances ended once it next asks the <see cref="ISessionAdapter"/>, which it does at most once per
/// <c>Session:RevocationCheckInterval</c> (jwt strategy). A signed-in request in between costs a dictionary lookup.
/// </summary>
internal sealed class SessionRevocations(IServiceProvider services, IOptions<SessionAuthOptions> options, TimeProvider timeProvider, ILogger<SessionRevocations> logger)
{
    // Each check asks again for what was revoked a minute before the last one began, so revocations whose transaction was
    // still open then, or written by an instance whose clock runs behind, are not missed.
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    // After a failed check (the database did not answer), the next request tries again this much later, not at once.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ISessionAdapter? _adapter = services.GetService<ISessionAdapter>();
    private long _nextCheckTicks = options.Value.Session.Strategy == SessionStrategy.Jwt ? 0 : long.MaxValue;
    private DateTimeOffset? _lastCheck;
    private Task? _check;

    /// <summary>How many revoked sessions are remembered; for tests and diagnostics.</summary>
    public int Count => _revoked.Count;

    /// <summary>Whether the session <paramref name="id"/> was ended, checking for other instances' revocations when due.</summary>
    public ValueTask<bool> IsRevokedAsync(string id)
    {
        var now = timeProvider.GetUtcNow();
        return now.UtcTicks < Volatile.Read(ref _nextCheckTicks) || _adapter is null
            ? ValueTask.FromResult(IsRevoked(id, now))
            : CheckThenLookUpAsync(id);
    }

    /// <summary>Whether this instance knows <paramref name="id"/> to be ended, without asking the store.</summary>
    public bool IsRevoked(string id, DateTimeOffset now) => _revoked.TryGetValue(id, out var until) && until > now;

    /// <summary>Remembers sessions ended by this instance until <paramref name="until"/>.</summary>
    public void Add(IEnumerable<string> ids, DateTimeOffset until)
    {
        foreach (var id in ids)
        {
            _revoked[id] = until;
        }
    }

    private async ValueTask<bool> CheckThenLookUpAsync(string id)
    {
        Task check;
        lock (_lock)
        {
            // One check at a time: requests that arrive meanwhile wait for the same one.
            if (_check is null || (_check.IsCompleted && timeProvider.GetUtcNow().UtcTicks >= Volatile.Read(ref _nextCheckTicks)))
            {
                _check = CheckAsync();
            }

            check = _check;
        }

        await check;
        return IsRevoked(id, timeProvider.GetUtcNow());
    }

    private async Task CheckAsync()
    {
        var started = timeProvider.GetUtcNow();
        try
        {
            var since = _lastCheck is { } last ? last - Overlap : DateTimeOffset.MinValue;
            foreach (var (id, keepUntil) in await _adapter!.GetRevokedSessionsAsync(since, CancellationToken.None))
            {
                _revoked[id] = keepUntil;
            }

            foreach (var (id, until) in _revoked)
            {
                if (until <= started)
                {
                    _revoked.TryRemove(id, out _);
                }
            }

            _lastCheck = started;
            Volatile.Write(ref _nextCheckTicks, (started + options.Value.Session.RevocationCheckInterval).UtcTicks);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Sessions stay usable while the store is down; revocations from other instances arrive once it answers again.
            AuthLog.RevocationCheckFailed(logger, exception);
            Volatile.Write(ref _nextCheckTicks, (started + RetryDelay).UtcTicks);
        }
    }
}
