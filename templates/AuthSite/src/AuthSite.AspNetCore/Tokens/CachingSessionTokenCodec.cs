using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Memory;

namespace AuthSite.AspNetCore.Tokens;

/// <summary>
/// Remembers what each token that decoded holds, keyed by the token itself, so a signed-in user's requests
/// decrypt and parse their cookie once instead of on every request. Tokens that fail to decode are never remembered.
/// </summary>
/// <remarks>
/// Decoding is a pure function of the token, the keys and the clock, so a remembered result stays right until
/// the token's <c>exp</c> (with the same 15 seconds of skew), which is checked again on every hit. What it returns is
/// shared between requests and immutable; each request makes its own <see cref="JsonObject"/> over it.
/// </remarks>
internal sealed class CachingSessionTokenCodec(ISessionTokenCodec inner, TimeProvider timeProvider) : IDisposable
{
    // About one entry per signed-in user; when full, new tokens are decoded without being remembered until a
    // compaction makes room. A typical entry is 2–3 KB (the token string and its claims).
    private const int Capacity = 10_000;

    // Tokens of users who stopped browsing leave the cache long before they expire.
    private static readonly TimeSpan IdleTime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public string Encode(JsonObject payload) => inner.Encode(payload);

    /// <summary>What <paramref name="token"/> decodes to, or <see langword="null"/> when <see cref="ISessionTokenCodec.Decode"/> rejects it.</summary>
    public DecodedSessionToken? Decode(string token)
    {
        if (_cache.TryGetValue(token, out DecodedSessionToken? decoded))
        {
            if (decoded!.ExpiresAt is { } expires
                && expires.AddSeconds(SessionTokenClaims.ClockToleranceSeconds) <= timeProvider.GetUtcNow())
            {
                _cache.Remove(token);
                return null;
            }

            return decoded;
        }

        if (inner.Decode(token) is not { } claims)
        {
            return null;
        }

        decoded = new DecodedSessionToken(JsonSerializer.SerializeToElement(claims), SessionTokenClaims.ToClaimValues(claims));
        using (var entry = _cache.CreateEntry(token))
        {
            entry.Size = 1;
            entry.SlidingExpiration = IdleTime;
            entry.Value = decoded;
        }

        return decoded;
    }

    public void Dispose() => _cache.Dispose();
}
