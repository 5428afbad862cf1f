using AuthSite.AspNetCore.Tokens;

namespace AuthSite.AspNetCore;

/// <summary>The session token (NextAuth's <c>jwt</c> option).</summary>
public sealed class AuthJwtOptions
{
    /// <summary>Lifetime of a token. Defaults to <see cref="AuthSessionOptions.MaxAge"/>, so the two can never disagree.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>
    /// Replaces the token format (NextAuth's <c>jwt.encode</c>/<c>jwt.decode</c>). Defaults to
    /// <see cref="EncryptedSessionTokenCodec"/>, the encrypted format Auth.js writes. What a token decodes to is
    /// remembered until its <c>exp</c>, so <see cref="ISessionTokenCodec.Decode"/> must depend only on the token
    /// and the clock; decide per request (revocation, a changed role) in the jwt callback, which runs on every read.
    /// </summary>
    public ISessionTokenCodec? Codec { get; set; }

    /// <summary>Also accept tokens written by NextAuth v4, for sites migrating from it. Off by default.</summary>
    public bool AcceptNextAuthV4Tokens { get; set; }
}
