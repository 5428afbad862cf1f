using System.Security.Cryptography;
using System.Text;
using AuthSite.AspNetCore;
using Microsoft.EntityFrameworkCore;

namespace Company.WebApplication1.Data;

/// <summary>
/// The sign-in throttle's counts in the database, so every instance of the site counts the same attempts. Each count is
/// one upsert statement (SQLite and PostgreSQL both run <c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c> atomically;
/// EF Core has no upsert), so parallel attempts on any instances each see their own count. Rows of ended windows are
/// deleted as new attempts come in; a row is about 100 bytes whatever the key's length.
/// </summary>
public sealed class DatabaseCredentialsThrottleStore(AuthDatabase database, TimeProvider timeProvider) : ICredentialsThrottleStore
{
    // Every this many counts, the rows of ended windows go.
    private const int CleanUpEvery = 100;
    private int _countsSinceCleanUp;

    /// <inheritdoc />
    public async ValueTask<CredentialsThrottleCount?> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var digest = Digest(key);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var end = now + (long)window.TotalMilliseconds;
        await using var context = database.CreateContext();
        if (Interlocked.Increment(ref _countsSinceCleanUp) % CleanUpEvery == 0)
        {
            await context.Database.ExecuteSqlAsync($"DELETE FROM credentials_throttle WHERE window_end <= {now}", cancellationToken);
        }

        var counted = await context.Database.SqlQuery<ThrottleRow>($"""
            INSERT INTO credentials_throttle (throttle_key, attempts, window_end) VALUES ({digest}, 1, {end})
            ON CONFLICT (throttle_key) DO UPDATE SET
                attempts = CASE WHEN credentials_throttle.window_end <= {now} THEN 1 ELSE credentials_throttle.attempts + 1 END,
                window_end = CASE WHEN credentials_throttle.window_end <= {now} THEN {end} ELSE credentials_throttle.window_end END
            RETURNING attempts AS "Attempts", window_end AS "WindowEnd"
            """).ToListAsync(cancellationToken);
        var row = counted.Single();
        return new CredentialsThrottleCount(row.Attempts, DateTimeOffset.FromUnixTimeMilliseconds(row.WindowEnd));
    }

    /// <inheritdoc />
    public async ValueTask DecrementAsync(string key, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var digest = Digest(key);
        var end = windowEnd.ToUnixTimeMilliseconds();
        await using var context = database.CreateContext();
        await context.Database.ExecuteSqlAsync(
            $"UPDATE credentials_throttle SET attempts = attempts - 1 WHERE throttle_key = {digest} AND window_end = {end} AND attempts > 0",
            cancellationToken);
    }

    private static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private sealed class ThrottleRow
    {
        public long Attempts { get; init; }

        public long WindowEnd { get; init; }
    }
}
