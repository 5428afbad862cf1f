namespace AuthSite.AspNetCore;

/// <summary>Session lifetimes (NextAuth's <c>session</c> option).</summary>
public sealed class AuthSessionOptions
{
    /// <summary>Where sessions live. Only <see cref="SessionStrategy.Jwt"/> is supported for now.</summary>
    public SessionStrategy Strategy { get; set; } = SessionStrategy.Jwt;

    /// <summary>How long an idle session stays valid. Defaults to 30 days.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How old a session token must be before a request re-issues it with a fresh expiry.
    /// Defaults to 24 hours, so a busy site does not write a cookie on every request.
    /// </summary>
    public TimeSpan UpdateAge { get; set; } = TimeSpan.FromHours(24);
}
