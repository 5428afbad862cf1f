namespace AuthSite.AspNetCore;

/// <summary>
/// Where the credentials sign-in throttle keeps its counts: one count per key, in a fixed window that starts with the
/// key's first count. The default, <see cref="MemoryCredentialsThrottleStore"/>, keeps them in this process; a site that
/// runs on several servers registers its own singleton on shared storage (a database, Redis), and
/// <c>AddSessionAuth</c> keeps it.
/// </summary>
public interface ICredentialsThrottleStore
{
    /// <summary>
    /// Adds one to the count of <paramref name="key"/> and returns the new count with the end of its window, as one atomic
    /// step: parallel callers each see a different count. A key without a count, or whose window has ended, starts a new
    /// window of <paramref name="window"/> at 1.
    /// </summary>
    /// <param name="key">The throttle's key: an email, a client address or both, normalised, at most about 320 characters.</param>
    /// <param name="window">How long a new window lasts.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>The count, or <see langword="null"/> when the store has no room to count a new key.</returns>
    ValueTask<CredentialsThrottleCount?> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>
    /// Takes back one count of <paramref name="key"/> that <see cref="IncrementAsync"/> returned, if the window it was
    /// taken in (the one ending at <paramref name="windowEnd"/>) is still the key's current one; otherwise does nothing.
    /// </summary>
    ValueTask DecrementAsync(string key, DateTimeOffset windowEnd, CancellationToken cancellationToken);
}
