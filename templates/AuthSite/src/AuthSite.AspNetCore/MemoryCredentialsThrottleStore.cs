using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// The throttle's counts in this process's memory, for a site on one server. At most
/// <see cref="CredentialsProvider.MaxTrackedKeys"/> keys are counted at once, each in about 150 bytes whatever its
/// length; when all are in use, a new key is not counted (<see langword="null"/>) until a window ends and frees room.
/// Counts are never dropped before their window ends, so no flood of other keys can wipe a key's failures.
/// </summary>
internal sealed class MemoryCredentialsThrottleStore(IOptions<SessionAuthOptions> options, TimeProvider timeProvider) : ICredentialsThrottleStore
{
    private readonly int _capacity = options.Value.Credentials.MaxTrackedKeys;
    private readonly Lock _lock = new();

    // Keys are held as a 128-bit digest, so an entry's size does not depend on what the attacker sent.
    private readonly Dictionary<UInt128, CredentialsThrottleCount> _counts = [];

    // One entry per key of _counts, ordered by the end of its window.
    private readonly PriorityQueue<UInt128, DateTimeOffset> _windowEnds = new();

    /// <inheritdoc />
    public ValueTask<CredentialsThrottleCount?> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var digest = Digest(key);
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            RemoveEnded(now);
            if (_counts.TryGetValue(digest, out var current))
            {
                var counted = current with { Count = current.Count + 1 };
                _counts[digest] = counted;
                return ValueTask.FromResult<CredentialsThrottleCount?>(counted);
            }

            if (_counts.Count >= _capacity)
            {
                return ValueTask.FromResult<CredentialsThrottleCount?>(null);
            }

            var started = new CredentialsThrottleCount(1, now + window);
            _counts.Add(digest, started);
            _windowEnds.Enqueue(digest, started.WindowEnd);
            return ValueTask.FromResult<CredentialsThrottleCount?>(started);
        }
    }

    /// <inheritdoc />
    public ValueTask DecrementAsync(string key, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var digest = Digest(key);
        lock (_lock)
        {
            // The entry stays at zero until its window ends, so _windowEnds keeps exactly one entry per key.
            if (_counts.TryGetValue(digest, out var current) && current.WindowEnd == windowEnd && current.Count > 0)
            {
                _counts[digest] = current with { Count = current.Count - 1 };
            }
        }

        return ValueTask.CompletedTask;
    }

    private void RemoveEnded(DateTimeOffset now)
    {
        while (_windowEnds.TryPeek(out var digest, out var windowEnd) && windowEnd <= now)
        {
            _windowEnds.Dequeue();
            _counts.Remove(digest);
        }
    }

    private static UInt128 Digest(string key) => BinaryPrimitives.ReadUInt128LittleEndian(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
