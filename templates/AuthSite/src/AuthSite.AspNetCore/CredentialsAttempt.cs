namespace AuthSite.AspNetCore;

/// <summary>A credentials sign-in attempt as <see cref="CredentialsThrottle.BeginAsync"/> let it through or refused it.</summary>
/// <param name="RetryAfterSeconds">Set when the attempt is refused: whole seconds until it may be tried again, at least 1.</param>
/// <param name="Reserved">The counts taken for it, as keys and the ends of their windows; given back when the password is right.</param>
internal sealed record CredentialsAttempt(int? RetryAfterSeconds, IReadOnlyList<(string Key, DateTimeOffset WindowEnd)> Reserved);
