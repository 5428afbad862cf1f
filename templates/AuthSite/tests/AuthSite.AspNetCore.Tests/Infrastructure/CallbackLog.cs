using System.Collections.Concurrent;

namespace AuthSite.AspNetCore.Tests.Infrastructure;

/// <summary>Every call the engine made to the test site's callbacks and events, in order (one per site).</summary>
public sealed class CallbackLog
{
    /// <summary>Every jwt callback call.</summary>
    public ConcurrentQueue<JwtCall> JwtCalls { get; } = new();

    /// <summary>The request path and query of every session callback call.</summary>
    public ConcurrentQueue<string> SessionCalls { get; } = new();

    /// <summary>The user each session callback call was given (database strategy), or <see langword="null"/>.</summary>
    public ConcurrentQueue<AuthUser?> SessionCallUsers { get; } = new();

    /// <summary>The signIn / signOut events, as "signIn email" / "signOut email".</summary>
    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>Every sessionRevoked event, with or without a request.</summary>
    public ConcurrentQueue<SessionRevokedEventContext> Revocations { get; } = new();
}
