namespace AuthSite.AspNetCore;

/// <summary>
/// Where sessions are recorded: the session methods of NextAuth's <c>Adapter</c> (<c>createSession</c>,
/// <c>getSessionAndUser</c>, <c>updateSession</c>, <c>deleteSession</c>), plus the session list and the revocations
/// that every instance of the site must learn of. The template's implementation is <c>Data/EfSessionAdapter</c>.
/// Without one, the jwt strategy works as NextAuth's does (sign-out only deletes the cookie) and there is no session list;
/// the database strategy needs one.
/// </summary>
public interface ISessionAdapter
{
    /// <summary>Records a new session (at sign-in).</summary>
    Task CreateSessionAsync(AdapterSession session, CancellationToken cancellationToken);

    /// <summary>
    /// The live session whose token hashes to <paramref name="sessionTokenHash"/>, with its user; <see langword="null"/> when
    /// there is none, it expired or it was revoked (database strategy, read per request unless cached).
    /// </summary>
    Task<(AdapterSession Session, AuthUser User)?> GetSessionAndUserAsync(string sessionTokenHash, CancellationToken cancellationToken);

    /// <summary>The live session with this id; <see langword="null"/> when there is none, it expired or it was revoked.</summary>
    Task<AdapterSession?> GetSessionAsync(string id, CancellationToken cancellationToken);

    /// <summary>Moves a session's last-seen time and expiry (once per <c>Session:UpdateAge</c> at most).</summary>
    Task UpdateSessionAsync(string id, DateTimeOffset lastSeenAt, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>The user's live sessions, oldest first.</summary>
    Task<IReadOnlyList<AdapterSession>> GetSessionsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the sessions with these ids, atomically per session: a session that is already gone is skipped.
    /// With <paramref name="keepUntil"/> <see langword="null"/> (database strategy) the rows are deleted; otherwise (jwt
    /// strategy) each is marked revoked at <paramref name="revokedAt"/> and kept until <paramref name="keepUntil"/>, so
    /// that other instances learn of it from <see cref="GetRevokedSessionsAsync"/>.
    /// </summary>
    /// <returns>The ids that were live and are now ended.</returns>
    Task<IReadOnlyList<string>> RevokeSessionsAsync(
        IReadOnlyCollection<string> ids, DateTimeOffset revokedAt, DateTimeOffset? keepUntil, CancellationToken cancellationToken);

    /// <summary>The sessions revoked at or after <paramref name="since"/> whose <see cref="RevokedSession.KeepUntil"/> is still ahead.</summary>
    Task<IReadOnlyList<RevokedSession>> GetRevokedSessionsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Deletes sessions that expired before <paramref name="now"/> and revocations kept until before it.</summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
