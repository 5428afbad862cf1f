namespace AuthSite.AspNetCore;

/// <summary>Session strategy, lifetimes and revocation (NextAuth's <c>session</c> option).</summary>
public sealed class AuthSessionOptions
{
    /// <summary>
    /// Where sessions live (NextAuth's <c>session.strategy</c>): <see cref="SessionStrategy.Jwt"/> (the default), the whole
    /// session in an encrypted token, or <see cref="SessionStrategy.Database"/>, an opaque token naming a row of the
    /// sessions table. The database strategy needs an <see cref="ISessionAdapter"/>.
    /// </summary>
    public SessionStrategy Strategy { get; set; } = SessionStrategy.Jwt;

    /// <summary>How long an idle session stays valid. Defaults to 30 days.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How old a session must be before a request extends it: re-issues the token (jwt) or moves the row's expiry (database),
    /// and records when it was last seen. Defaults to 24 hours, so a busy site writes neither a cookie nor a row per request.
    /// </summary>
    public TimeSpan UpdateAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long an instance may go on accepting a session that another instance ended. Each instance asks the
    /// <see cref="ISessionAdapter"/> for new revocations (jwt) or reads a session again (database) at most this often,
    /// so no signed-in request waits on the database in between; the instance that ended a session refuses it at once.
    /// Defaults to 30 seconds; at least 1 second, at most 10 minutes.
    /// </summary>
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether changing a user's password ends their other sessions (all of them outside a request). Defaults to <see langword="true"/>.</summary>
    public bool RevokeSessionsOnPasswordChange { get; set; } = true;

    /// <summary>
    /// Whether changing a user's role ends their sessions. Defaults to <see langword="false"/>: the jwt callback reads the
    /// role again at the next refresh (within <see cref="UpdateAge"/>) and the database strategy within
    /// <see cref="RevocationCheckInterval"/>.
    /// </summary>
    public bool RevokeSessionsOnRoleChange { get; set; }
}
