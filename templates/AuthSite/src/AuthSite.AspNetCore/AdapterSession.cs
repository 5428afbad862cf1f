namespace AuthSite.AspNetCore;

/// <summary>
/// A session as the store keeps it (NextAuth's <c>AdapterSession</c>, plus what the session list shows). One is recorded
/// per sign-in under both strategies; under <see cref="SessionStrategy.Database"/> the cookie holds the token whose
/// SHA-256 is <see cref="SessionTokenHash"/>, under <see cref="SessionStrategy.Jwt"/> the token carries <see cref="Id"/>
/// as its <c>sid</c> claim.
/// </summary>
/// <param name="Id">The session's public id: a GUID in text form, shown in the session list and used to revoke it.</param>
/// <param name="UserId">The signed-in user (the token's <c>sub</c>).</param>
/// <param name="SessionTokenHash">
/// The SHA-256 of the cookie's opaque token, as 43 base64url characters, under the database strategy; <see langword="null"/>
/// under the jwt strategy. The token itself is never stored, so a copy of the database signs no one in.
/// </param>
/// <param name="CreatedAt">When the user signed in (UTC).</param>
/// <param name="LastSeenAt">When the session was last refreshed (UTC): at <c>Session:UpdateAge</c> granularity.</param>
/// <param name="Expires">When the session ends unless refreshed (UTC).</param>
/// <param name="UserAgent">The browser's <c>User-Agent</c> at sign-in, at most 256 characters; <see langword="null"/> when absent.</param>
/// <param name="ClientAddress">The client's IP address at sign-in, as <c>Auth:TrustedProxies</c> let it through; <see langword="null"/> when unknown.</param>
public sealed record AdapterSession(
    string Id,
    string UserId,
    string? SessionTokenHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset Expires,
    string? UserAgent,
    string? ClientAddress);
