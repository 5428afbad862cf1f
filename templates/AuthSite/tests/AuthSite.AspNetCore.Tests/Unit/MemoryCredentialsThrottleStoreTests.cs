using AuthSite.AspNetCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthSite.AspNetCore.Tests.Unit;

/// <summary>The in-memory counts of the sign-in throttle: windows, give-back and the bound on memory.</summary>
public class MemoryCredentialsThrottleStoreTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Counts_Grow_InOneWindow_AndStartAgain_WhenItEnds()
    {
        var store = Store();

        var first = await store.IncrementAsync("key", Window, default);
        _time.Advance(TimeSpan.FromMinutes(4));
        var second = await store.IncrementAsync("key", Window, default);
        _time.Advance(TimeSpan.FromMinutes(1));
        var afterTheWindow = await store.IncrementAsync("key", Window, default);

        Assert.Equal(new CredentialsThrottleCount(1, _time.Start + Window), first);
        Assert.Equal(new CredentialsThrottleCount(2, _time.Start + Window), second);
        Assert.Equal(new CredentialsThrottleCount(1, _time.GetUtcNow() + Window), afterTheWindow);
    }

    [Fact]
    public async Task Decrement_GivesBackACount_OnlyInTheWindowItWasTakenIn()
    {
        var store = Store();
        var taken = (await store.IncrementAsync("key", Window, default))!.Value;
        await store.IncrementAsync("key", Window, default);

        await store.DecrementAsync("key", taken.WindowEnd, default);
        Assert.Equal(2, (await store.IncrementAsync("key", Window, default))!.Value.Count);

        await store.DecrementAsync("key", taken.WindowEnd + TimeSpan.FromSeconds(1), default);
        Assert.Equal(3, (await store.IncrementAsync("key", Window, default))!.Value.Count);
    }

    [Fact]
    public async Task AFullStore_CountsNoNewKey_KeepsCountingItsKeys_AndHasRoomAgain_WhenWindowsEnd()
    {
        var store = Store(maxTrackedKeys: 2);
        await store.IncrementAsync("a", Window, default);
        await store.IncrementAsync("b", Window, default);

        Assert.Null(await store.IncrementAsync("c", Window, default));
        Assert.Equal(2, (await store.IncrementAsync("a", Window, default))!.Value.Count);

        _time.Advance(Window);
        Assert.Equal(1, (await store.IncrementAsync("c", Window, default))!.Value.Count);
    }

    [Fact]
    public async Task KeysAreCountedApart_WhateverTheirLength()
    {
        var store = Store();
        var longKey = new string('x', 10_000);

        await store.IncrementAsync(longKey, Window, default);

        Assert.Equal(2, (await store.IncrementAsync(longKey, Window, default))!.Value.Count);
        Assert.Equal(1, (await store.IncrementAsync(longKey + "y", Window, default))!.Value.Count);
    }

    private MemoryCredentialsThrottleStore Store(int maxTrackedKeys = 100) =>
        new(Options.Create(new SessionAuthOptions { Credentials = { MaxTrackedKeys = maxTrackedKeys } }), _time);
}
