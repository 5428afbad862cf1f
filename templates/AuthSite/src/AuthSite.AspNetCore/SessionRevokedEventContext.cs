namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthEvents.SessionRevoked"/>.</summary>
/// <param name="HttpContext">The request that ended the sessions, or <see langword="null"/> outside a request (the command line).</param>
/// <param name="UserId">Whose sessions were ended.</param>
/// <param name="SessionIds">The ids of the sessions that were ended (never their tokens).</param>
/// <param name="Reason">Why.</param>
public sealed record SessionRevokedEventContext(HttpContext? HttpContext, string UserId, IReadOnlyList<string> SessionIds, SessionRevocationReason Reason);
