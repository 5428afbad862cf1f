using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Lists and ends users' sessions under either strategy (better-auth's <c>listSessions</c>, <c>revokeSession</c>,
/// <c>revokeOtherSessions</c>, <c>revokeSessions</c>). An ended session is refused at once by this instance and by every
/// other within <see cref="AuthSessionOptions.RevocationCheckInterval"/>. Each ended session is logged (ids only) and raises
/// <see cref="AuthEvents.SessionRevoked"/>. Needs an <see cref="ISessionAdapter"/>; without one, <see cref="IsEnabled"/> is
/// <see langword="false"/>, lists are empty and nothing is ended.
/// </summary>
public sealed class SessionManager
{
    // Expired sessions are deleted as sign-ins come in, at most this often.
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    // The most of a user agent a row keeps.
    private const int MaxUserAgentLength = 256;

    private readonly ISessionAdapter? _adapter;
    private readonly SessionRevocations _revocations;
    private readonly IOptions<SessionAuthOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SessionManager> _logger;
    private long _nextCleanupTicks;

    internal SessionManager(IServiceProvider services, SessionRevocations revocations, IOptions<SessionAuthOptions> options, TimeProvider timeProvider, ILogger<SessionManager> logger)
    {
        _adapter = services.GetService<ISessionAdapter>();
        _revocations = revocations;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Whether sessions are recorded, i.e. an <see cref="ISessionAdapter"/> is registered.</summary>
    public bool IsEnabled => _adapter is not null;

    /// <summary>
    /// The signed-in user's live sessions, oldest first, with the request's own marked <see cref="UserSession.Current"/>;
    /// <see langword="null"/> when nobody is signed in.
    /// </summary>
    public async Task<IReadOnlyList<UserSession>?> ListSessionsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await CurrentAsync(context) is not var (userId, currentId))
        {
            return null;
        }

        if (_adapter is null)
        {
            return [];
        }

        var sessions = await _adapter.GetSessionsAsync(userId, context.RequestAborted);
        var now = _timeProvider.GetUtcNow();

        // After a change of strategy, the other strategy's sessions can no longer be used: they are not shown.
        var database = _options.Value.Session.Strategy == SessionStrategy.Database;
        return sessions
            .Where(s => s.Expires > now && !_revocations.IsRevoked(s.Id, now) && (s.SessionTokenHash is not null) == database)
            .Select(s => new UserSession(s.Id, s.CreatedAt, s.LastSeenAt, s.Expires, UserAgentSummary.Describe(s.UserAgent), s.ClientAddress, s.Id == currentId))
            .ToList();
    }

    /// <summary>
    /// Ends one of the signed-in user's sessions. Ending the request's own session signs it out (the cookie is deleted).
    /// </summary>
    /// <returns><see langword="false"/> when nobody is signed in or <paramref name="sessionId"/> is not one of the user's live sessions.</returns>
    public async Task<bool> RevokeSessionAsync(HttpContext context, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sessionId);
        if (_adapter is null || await CurrentAsync(context) is not var (userId, currentId))
        {
            return false;
        }

        var owned = await _adapter.GetSessionsAsync(userId, context.RequestAborted);
        if (!owned.Any(s => s.Id == sessionId))
        {
            return false;
        }

        var ended = await RevokeAsync(context, userId, [sessionId], SessionRevocationReason.User, context.RequestAborted);
        if (sessionId == currentId)
        {
            await context.SignOutAsync(SessionAuthDefaults.AuthenticationScheme);
        }

        return ended > 0;
    }

    /// <summary>Ends every session of the signed-in user but the request's own ("sign out everywhere else").</summary>
    /// <returns>How many sessions were ended; 0 when nobody is signed in.</returns>
    public async Task<int> RevokeOtherSessionsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_adapter is null || await CurrentAsync(context) is not var (userId, currentId))
        {
            return 0;
        }

        var others = (await _adapter.GetSessionsAsync(userId, context.RequestAborted)).Where(s => s.Id != currentId).Select(s => s.Id).ToList();
        return await RevokeAsync(context, userId, others, SessionRevocationReason.User, context.RequestAborted);
    }

    /// <summary>
    /// Ends every session of <paramref name="userId"/>, or all but <paramref name="exceptSessionId"/>: for an administrator,
    /// the command line, or after a password or role change.
    /// </summary>
    /// <param name="userId">The user (the token's <c>sub</c>).</param>
    /// <param name="reason">Why, for the log and <see cref="AuthEvents.SessionRevoked"/>.</param>
    /// <param name="exceptSessionId">A session to keep, e.g. the one that changed the password; <see langword="null"/> ends all.</param>
    /// <param name="context">The request doing it, if any, passed to the event.</param>
    /// <param name="cancellationToken">Cancels the store's work.</param>
    /// <returns>How many sessions were ended.</returns>
    public async Task<int> RevokeUserSessionsAsync(
        string userId, SessionRevocationReason reason, string? exceptSessionId = null, HttpContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (_adapter is null)
        {
            return 0;
        }

        var ids = (await _adapter.GetSessionsAsync(userId, cancellationToken)).Where(s => s.Id != exceptSessionId).Select(s => s.Id).ToList();
        return await RevokeAsync(context, userId, ids, reason, cancellationToken);
    }

    /// <summary>The id of the request's recorded session, if it has one.</summary>
    public static async Task<string?> GetCurrentSessionIdAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await context.AuthenticateAsync(SessionAuthDefaults.AuthenticationScheme);
        return (result.Principal?.Identity as SessionIdentity)?.SessionId;
    }

    /// <summary>Records a new session of <paramref name="userId"/> for this request (at sign-in); <see langword="null"/> without an adapter.</summary>
    internal async Task<AdapterSession?> StartAsync(HttpContext context, string userId, string? sessionTokenHash)
    {
        if (_adapter is null)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        var userAgent = context.Request.Headers.UserAgent.ToString();
        var session = new AdapterSession(
            Guid.NewGuid().ToString(),
            userId,
            sessionTokenHash,
            now,
            now,
            now + SessionTicketFormat.Lifetime(_options.Value),
            userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, MaxUserAgentLength)],
            context.Connection.RemoteIpAddress?.ToString());
        await _adapter.CreateSessionAsync(session, context.RequestAborted);
        await DeleteExpiredWhenDueAsync(now, context.RequestAborted);
        return session;
    }

    /// <summary>
    /// Moves the expiry of a jwt-strategy session's row along with a token re-issued until <paramref name="expires"/>, so the
    /// row lasts as long as any of its tokens; <see langword="false"/> when the session has ended (or expired) in the store.
    /// </summary>
    internal async Task<bool> ExtendAsync(string sessionId, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        if (_adapter is null)
        {
            return true;
        }

        if (await _adapter.GetSessionAsync(sessionId, cancellationToken) is null)
        {
            return false;
        }

        await _adapter.UpdateSessionAsync(sessionId, now, expires, cancellationToken);
        return true;
    }

    /// <summary>Ends the request's own session server-side (sign-out, or a new sign-in over it).</summary>
    internal async Task EndCurrentAsync(HttpContext context, SessionRevocationReason reason)
    {
        if (_adapter is not null && await CurrentAsync(context) is (var userId, { } currentId))
        {
            await RevokeAsync(context, userId, [currentId], reason, context.RequestAborted);
        }
    }

    private async Task<int> RevokeAsync(HttpContext? context, string userId, IReadOnlyCollection<string> ids, SessionRevocationReason reason, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        var auth = _options.Value;
        var now = _timeProvider.GetUtcNow();

        // A jwt-strategy token of this session may have been refreshed a moment ago: it must be refused until it would expire.
        DateTimeOffset? keepUntil = auth.Session.Strategy == SessionStrategy.Jwt
            ? now + SessionTicketFormat.Lifetime(auth) + TimeSpan.FromSeconds(Tokens.SessionTokenClaims.ClockToleranceSeconds)
            : null;
        var ended = await _adapter!.RevokeSessionsAsync(ids, now, keepUntil, cancellationToken);

        // Database sessions this instance remembers are refused until the remembered copy would have been read again.
        _revocations.Add(ids, keepUntil ?? now + auth.Session.RevocationCheckInterval);
        foreach (var id in ended)
        {
            AuthLog.SessionRevoked(_logger, id, userId, reason);
        }

        if (ended.Count > 0)
        {
            await AuthLog.RaiseAsync(_logger, "sessionRevoked", () => auth.Events.SessionRevoked(new SessionRevokedEventContext(context, userId, ended, reason)));
        }

        return ended.Count;
    }

    private async Task DeleteExpiredWhenDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextCleanupTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextCleanupTicks, (now + CleanupInterval).UtcTicks, due) != due)
        {
            return;
        }

        var deleted = await _adapter!.DeleteExpiredSessionsAsync(now, cancellationToken);
        if (deleted > 0)
        {
            AuthLog.ExpiredSessionsDeleted(_logger, deleted);
        }
    }

    private static async Task<(string UserId, string? SessionId)?> CurrentAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(SessionAuthDefaults.AuthenticationScheme);
        return result.Principal?.Identity is SessionIdentity identity && identity.Token["sub"] is JsonValue sub && sub.TryGetValue(out string? userId)
            ? (userId, identity.SessionId)
            : null;
    }
}
