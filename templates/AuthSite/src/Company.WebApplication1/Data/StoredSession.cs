namespace Company.WebApplication1.Data;

/// <summary>A row of the sessions table: one per sign-in, under both session strategies (NextAuth's <c>Session</c>, plus the session list's columns).</summary>
public sealed class StoredSession
{
    /// <summary>A GUID in text form: the session's public id, and the jwt strategy's <c>sid</c> claim.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The SHA-256 of the database strategy's cookie token (base64url); unique. <see langword="null"/> under the jwt strategy,
    /// whose cookie carries the <see cref="Id"/> instead. The token itself is never stored.
    /// </summary>
    public string? SessionToken { get; init; }

    /// <summary>The signed-in user; removing the user removes the session.</summary>
    public required string UserId { get; init; }

    /// <summary>When the session ends unless it is refreshed (UTC); a revoked session's row is kept until then for other instances to learn of it.</summary>
    public DateTimeOffset Expires { get; set; }

    /// <summary>When the user signed in (UTC).</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session was last refreshed (UTC), at <c>Auth:Session:UpdateAge</c> granularity.</summary>
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The browser's <c>User-Agent</c> at sign-in, at most 256 characters.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The client's IP address at sign-in, as the trusted proxies give it.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>When the session was ended before its time (jwt strategy; database-strategy rows are deleted instead).</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
