namespace AuthSite.AspNetCore;

/// <summary>A key's count in its current window, as <see cref="ICredentialsThrottleStore.IncrementAsync"/> returns it.</summary>
/// <param name="Count">The counts taken in the window, the new one included: 1 or more.</param>
/// <param name="WindowEnd">When the window ends and the key's count starts again from zero.</param>
public readonly record struct CredentialsThrottleCount(long Count, DateTimeOffset WindowEnd);
