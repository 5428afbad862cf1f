namespace Company.WebApplication1.Data;

/// <summary>A row of the credentials_throttle table: one key's failed sign-ins in its current window.</summary>
public sealed class StoredThrottleCount
{
    /// <summary>The SHA-256 of the throttle's key (an email, an address or both), in hex: 64 characters whatever was sent.</summary>
    public required string ThrottleKey { get; init; }

    /// <summary>The attempts counted in the window.</summary>
    public long Attempts { get; set; }

    /// <summary>When the window ends, in Unix milliseconds.</summary>
    public long WindowEnd { get; set; }
}
