using System.Net;
using AuthSite.AspNetCore;
using Company.WebApplication1.Data;
using Company.WebApplication1.Tests.Infrastructure;
using Company.WebApplication1.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Company.WebApplication1.Tests.Integration;

/// <summary>
/// The sign-in throttle counts in the database, so instances that share it share the counts: each count is atomic, and
/// failures spread over two sites on one database are refused where one site would refuse them. Runs on SQLite, or on
/// PostgreSQL when <c>AUTHSITE_TEST_POSTGRES</c> is set.
/// </summary>
public sealed class ThrottleStoreTests : IDisposable
{
    private readonly string _database = SiteFactory.Postgres is null
        ? Path.Combine(Path.GetTempPath(), $"throttle-tests-{Guid.NewGuid():N}.db")
        : $"throttle_tests_{Guid.NewGuid():N}";

    [Fact]
    public async Task Parallel_counts_of_one_key_each_see_their_own_count_and_a_count_given_back_is_counted_again()
    {
        using var services = await MigratedAsync();
        var store = services.GetRequiredService<ICredentialsThrottleStore>();
        Assert.IsType<DatabaseCredentialsThrottleStore>(store);

        var counts = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Task.Run(async () => await store.IncrementAsync("ada@example.com|203.0.113.7", TimeSpan.FromMinutes(5), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), counts.Select(c => c!.Value.Count).Order());
        var windowEnd = Assert.Single(counts.Select(c => c!.Value.WindowEnd).Distinct());
        await store.DecrementAsync("ada@example.com|203.0.113.7", windowEnd, CancellationToken.None);
        Assert.Equal(40, (await store.IncrementAsync("ada@example.com|203.0.113.7", TimeSpan.FromMinutes(5), CancellationToken.None))!.Value.Count);
        Assert.Equal(1, (await store.IncrementAsync("grace@example.com|203.0.113.7", TimeSpan.FromMinutes(5), CancellationToken.None))!.Value.Count);
    }

    [Fact]
    public async Task A_key_whose_window_ended_starts_again_at_one()
    {
        using var services = await MigratedAsync();
        var store = services.GetRequiredService<ICredentialsThrottleStore>();

        await store.IncrementAsync("ada@example.com", TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await store.IncrementAsync("ada@example.com", TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(20));

        Assert.Equal(1, (await store.IncrementAsync("ada@example.com", TimeSpan.FromMinutes(5), CancellationToken.None))!.Value.Count);
    }

    [Fact]
    public async Task Wrong_passwords_spread_over_two_sites_on_one_database_are_refused_on_the_sixth()
    {
        using var first = Site();
        using var second = Site();
        var clients = new[] { first.CreateSiteClient(), second.CreateSiteClient() };

        var answers = new List<string?>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var response = await clients[attempt % 2].SignInAsync(DemoUsers.User, $"wrong-{attempt}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            answers.Add(response.Headers.Location?.OriginalString);
        }

        Assert.All(answers.Take(5), location => Assert.Contains("error=CredentialsSignin", location, StringComparison.Ordinal));
        Assert.Contains("error=TooManyAttempts", answers[5], StringComparison.Ordinal);
    }

    public void Dispose() => SiteFactory.DeleteDatabase(_database);

    private SiteFactory Site()
    {
        var site = new SiteFactory { Database = _database };
        site.Settings["Auth:Providers:Credentials:MaxFailuresPerEmailAndAddress"] = "5";
        return site;
    }

    private async Task<ServiceProvider> MigratedAsync()
    {
        var services = SiteFactory.DatabaseServices(SiteFactory.ConnectionString(_database));
        await services.GetRequiredService<AuthDatabase>().MigrateAsync();
        return services;
    }
}
