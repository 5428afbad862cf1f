using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthSite.Auth;

/// <summary>
/// Counts failed credential sign-ins per email and per client address in fixed windows, with the framework's rate
/// limiter. Only failures consume permits, so a user who types the right password is never slowed down.
/// </summary>
internal sealed class CredentialsThrottle : IDisposable
{
    private const string EmailPrefix = "email:";
    private readonly PartitionedRateLimiter<string> _failures;

    public CredentialsThrottle(IOptions<AuthOptions> options)
    {
        var credentials = options.Value.Credentials;
        _failures = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, partition =>
            new FixedWindowRateLimiterOptions
            {
                PermitLimit = partition.StartsWith(EmailPrefix, StringComparison.Ordinal) ? credentials.MaxFailuresPerEmail : credentials.MaxFailuresPerAddress,
                Window = credentials.FailureWindow,
                QueueLimit = 0,
            }));
    }

    /// <summary>Whether this email or address has used up its failures for the current window.</summary>
    public bool IsBlocked(HttpContext context, string email) =>
        Remaining(EmailKey(email)) == 0 || Remaining(AddressKey(context)) == 0;

    /// <summary>Counts one failure against the email and the address.</summary>
    public void RecordFailure(HttpContext context, string email)
    {
        // Fixed-window permits come back when the window ends, not when a lease is disposed.
        _failures.AttemptAcquire(EmailKey(email)).Dispose();
        _failures.AttemptAcquire(AddressKey(context)).Dispose();
    }

    public void Dispose() => _failures.Dispose();

    private long Remaining(string key) => _failures.GetStatistics(key)?.CurrentAvailablePermits ?? long.MaxValue;

    private static string EmailKey(string email) => EmailPrefix + email.ToUpperInvariant();

    private static string AddressKey(HttpContext context) => "address:" + context.Connection.RemoteIpAddress;
}
