namespace AuthSite.AspNetCore;

/// <summary>One of a user's sessions, as <c>GET /api/auth/sessions</c> and the session list page show it.</summary>
/// <param name="Id">The session's id, to revoke it with.</param>
/// <param name="CreatedAt">When the user signed in (UTC).</param>
/// <param name="LastSeenAt">When the session was last refreshed (UTC), at <c>Session:UpdateAge</c> granularity.</param>
/// <param name="Expires">When it ends unless used again (UTC).</param>
/// <param name="UserAgent">A summary of the browser, e.g. <c>Firefox on Linux</c>; <see langword="null"/> when unknown.</param>
/// <param name="ClientAddress">The client's IP address at sign-in; <see langword="null"/> when unknown.</param>
/// <param name="Current">Whether this is the session of the request that asked.</param>
public sealed record UserSession(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset Expires,
    string? UserAgent,
    string? ClientAddress,
    bool Current);
