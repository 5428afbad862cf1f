using AuthSite.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>
/// The jwt strategy's revocation set: one read of the store per <c>RevocationCheckInterval</c> however many requests
/// arrive, one read in flight at a time, and a store that does not answer keeps what was known and is asked again 5 s later.
/// </summary>
public class SessionRevocationsTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly MemorySessionAdapter _store;
    private readonly SessionRevocations _revocations;

    public SessionRevocationsTests()
    {
        _store = new MemorySessionAdapter(_time);
        var services = new ServiceCollection().AddSingleton<ISessionAdapter>(_store).BuildServiceProvider();
        var options = Options.Create(new SessionAuthOptions { Session = { Strategy = SessionStrategy.Jwt, RevocationCheckInterval = Interval } });
        _revocations = new SessionRevocations(services, options, _time, NullLogger<SessionRevocations>.Instance);
    }

    [Fact]
    public async Task TheFirstAsk_LearnsWhatOtherInstancesEnded_AndTheNextAskWithinTheIntervalReadsNothing()
    {
        await RevokeElsewhereAsync("a");

        Assert.True(await _revocations.IsRevokedAsync("a"));
        Assert.False(await _revocations.IsRevokedAsync("b"));
        Assert.Equal(1, _store.RevokedCalls);

        await RevokeElsewhereAsync("b");
        _time.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.False(await _revocations.IsRevokedAsync("b"));
        Assert.Equal(1, _store.RevokedCalls);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(await _revocations.IsRevokedAsync("b"));
        Assert.Equal(2, _store.RevokedCalls);
    }

    [Fact]
    public async Task ConcurrentRequests_ShareOneCheck()
    {
        await RevokeElsewhereAsync("a");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.BeforeGetRevokedSessions = () => release.Task;

        var asks = Enumerable.Range(0, 50).Select(i => Task.Run(() => _revocations.IsRevokedAsync(i % 2 == 0 ? "a" : "b").AsTask())).ToList();
        await WaitUntilAsync(() => _store.RevokedCalls == 1);
        await Task.Delay(100);
        Assert.Equal(1, _store.RevokedCalls);
        Assert.All(asks, ask => Assert.False(ask.IsCompleted));

        release.SetResult();
        var answers = await Task.WhenAll(asks);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i % 2 == 0), answers);
        Assert.Equal(1, _store.RevokedCalls);
    }

    [Fact]
    public async Task AFailedCheck_KeepsWhatWasKnown_AndIsRetriedFiveSecondsLater()
    {
        await RevokeElsewhereAsync("a");
        Assert.True(await _revocations.IsRevokedAsync("a"));

        await RevokeElsewhereAsync("b");
        _store.BeforeGetRevokedSessions = () => throw new InvalidOperationException("The database is down.");
        _time.Advance(Interval);
        Assert.True(await _revocations.IsRevokedAsync("a"));
        Assert.False(await _revocations.IsRevokedAsync("b"));
        Assert.Equal(2, _store.RevokedCalls);

        _store.BeforeGetRevokedSessions = null;
        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(await _revocations.IsRevokedAsync("b"));
        Assert.Equal(2, _store.RevokedCalls);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(await _revocations.IsRevokedAsync("b"));
        Assert.True(await _revocations.IsRevokedAsync("a"));
        Assert.Equal(3, _store.RevokedCalls);
    }

    [Fact]
    public async Task ARevocation_IsForgotten_OnceItsKeepUntilHasPassed()
    {
        await RevokeElsewhereAsync("a", keepFor: TimeSpan.FromMinutes(10));
        Assert.True(await _revocations.IsRevokedAsync("a"));
        Assert.Equal(1, _revocations.Count);

        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.False(await _revocations.IsRevokedAsync("a"));
        Assert.Equal(0, _revocations.Count);
    }

    private async Task RevokeElsewhereAsync(string id, TimeSpan? keepFor = null)
    {
        var now = _time.GetUtcNow();
        await _store.CreateSessionAsync(new AdapterSession(id, "1", null, now, now, now + TimeSpan.FromDays(1), null, null), default);
        Assert.Equal([id], await _store.RevokeSessionsAsync([id], now, now + (keepFor ?? TimeSpan.FromDays(1)), default));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
