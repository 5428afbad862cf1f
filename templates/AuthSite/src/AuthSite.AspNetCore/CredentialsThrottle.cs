using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Slows password guessing without letting anyone lock an owner out. Every attempt is counted before its password is
/// checked, and the count is given back when the password is right, so parallel guesses cannot slip past a limit and
/// successes are never limited. Failures are counted per (email, client address), per email and per client address,
/// in windows of <see cref="CredentialsProvider.FailureWindow"/>:
/// <list type="bullet">
/// <item>beyond <see cref="CredentialsProvider.MaxFailuresPerEmailAndAddress"/>, that pair is refused until its window
/// ends, without checking the password: the only refusal, and one an attacker can only earn for their own address;</item>
/// <item>beyond <see cref="CredentialsProvider.MaxFailuresPerEmail"/> or <see cref="CredentialsProvider.MaxFailuresPerAddress"/>,
/// each attempt waits before its password is checked, from <see cref="CredentialsProvider.FailureDelay"/> doubling with
/// each further failure up to <see cref="CredentialsProvider.MaxFailureDelay"/>, and the right password still signs in.</item>
/// </list>
/// </summary>
internal sealed partial class CredentialsThrottle(
    ICredentialsThrottleStore store, IOptions<SessionAuthOptions> options, TimeProvider timeProvider, ILogger<CredentialsThrottle> logger)
{
    /// <summary>
    /// Counts an attempt for <paramref name="email"/> from the request's client address, then waits as long as the
    /// counts ask for (honouring <see cref="HttpContext.RequestAborted"/>). An attempt abandoned while waiting keeps its
    /// counts: giving them back would let a guesser cancel its way under the limits.
    /// </summary>
    /// <param name="context">The sign-in request, whose client address is counted.</param>
    /// <param name="email">The submitted email, trimmed and at most <see cref="CredentialsProvider.MaxEmailLength"/> characters.</param>
    /// <returns>The attempt: refused (<see cref="CredentialsAttempt.RetryAfterSeconds"/> set) or allowed, with its counts.</returns>
    public async Task<CredentialsAttempt> BeginAsync(HttpContext context, string email)
    {
        var settings = options.Value.Credentials;
        var aborted = context.RequestAborted;
        var emailKey = email.ToLowerInvariant();
        var addressKey = AddressKey(context.Connection.RemoteIpAddress);

        // An address never contains a space, so the pair key cannot be read two ways.
        var pairKey = "pair:" + addressKey + " " + emailKey;
        var pair = await store.IncrementAsync(pairKey, settings.FailureWindow, aborted);
        if (pair is { } counted && counted.Count > settings.MaxFailuresPerEmailAndAddress)
        {
            var wait = counted.WindowEnd - timeProvider.GetUtcNow();
            return new CredentialsAttempt((int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)), []);
        }

        var emailCountKey = "email:" + emailKey;
        var addressCountKey = "address:" + addressKey;
        var perEmail = await store.IncrementAsync(emailCountKey, settings.FailureWindow, aborted);
        var perAddress = await store.IncrementAsync(addressCountKey, settings.FailureWindow, aborted);
        TimeSpan delay;
        if (pair is not null && perEmail is { } emailCount && perAddress is { } addressCount)
        {
            delay = Delay(settings, emailCount, addressCount);
        }
        else
        {
            // An attempt the store could not count waits the longest, rather than being let through unthrottled.
            delay = settings.MaxFailureDelay;
            LogStoreFull(logger);
        }

        if (delay > TimeSpan.Zero)
        {
            LogDelayed(logger, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, timeProvider, aborted);
        }

        (string Key, CredentialsThrottleCount? Count)[] counts = [(pairKey, pair), (emailCountKey, perEmail), (addressCountKey, perAddress)];
        var reserved = counts.Where(c => c.Count is not null).Select(c => (c.Key, c.Count!.Value.WindowEnd)).ToList();
        return new CredentialsAttempt(RetryAfterSeconds: null, reserved);
    }

    /// <summary>Gives back the counts of an attempt whose password was right: successes are not failures.</summary>
    public async Task SucceededAsync(CredentialsAttempt attempt, CancellationToken cancellationToken)
    {
        foreach (var (key, windowEnd) in attempt.Reserved)
        {
            await store.DecrementAsync(key, windowEnd, cancellationToken);
        }
    }

    /// <summary>
    /// No wait until the email's or the address's count passes its ceiling; then the first delay, doubling with each
    /// count beyond, up to the longest.
    /// </summary>
    private static TimeSpan Delay(CredentialsProvider settings, CredentialsThrottleCount email, CredentialsThrottleCount address)
    {
        var beyond = Math.Max(email.Count - settings.MaxFailuresPerEmail, address.Count - settings.MaxFailuresPerAddress);
        if (beyond <= 0)
        {
            return TimeSpan.Zero;
        }

        // 2^30 times any positive delay is past every sensible cap; the exponent stops there so the product cannot overflow.
        var delay = settings.FailureDelay * Math.Pow(2, Math.Min(beyond - 1, 30));
        return delay < settings.MaxFailureDelay ? delay : settings.MaxFailureDelay;
    }

    /// <summary>
    /// The client address as the throttle counts it: IPv4 as is (also when mapped into IPv6), IPv6 by its /64 prefix,
    /// because one customer is usually given a whole /64 and could otherwise guess from a fresh address each time.
    /// </summary>
    private static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "none"; // no IP connection, as over a Unix socket
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Many failed sign-ins for this email or from this address: the password is checked after {DelayMilliseconds} ms.")]
    private static partial void LogDelayed(ILogger logger, long delayMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sign-in throttle's store has no room for new keys (Auth:Providers:Credentials:MaxTrackedKeys); attempts it cannot count wait the longest delay.")]
    private static partial void LogStoreFull(ILogger logger);
}
