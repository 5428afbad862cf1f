namespace AuthSite.AspNetCore;

/// <summary>The engine's log lines. None of them carries a secret, a password or a token.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Session cookie rejected ({Reason}); it was cleared and the request continues without a session.")]
    public static partial void SessionRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "User {UserId} signed in with {Provider}.")]
    public static partial void SignedIn(ILogger logger, string userId, string provider);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Sign-in with {Provider} refused: {Error}.")]
    public static partial void SignInRefused(ILogger logger, string provider, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "User {UserId} signed out.")]
    public static partial void SignedOut(ILogger logger, string? userId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Method} {Path} refused: missing or invalid CSRF token.")]
    public static partial void CsrfRejected(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "The callback from {Provider} failed: {Reason}.")]
    public static partial void ProviderCallbackFailed(ILogger logger, string provider, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "User {UserId} created at the first sign-in with {Provider}.")]
    public static partial void UserCreated(ILogger logger, string userId, string provider);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Account {Provider} linked to user {UserId}.")]
    public static partial void AccountLinked(ILogger logger, string provider, string userId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "A request came with X-Forwarded-For from {Address}, which Auth:TrustedProxies does not list, so the header was ignored. If a reverse proxy is in front of the site, add its address to Auth:TrustedProxies: until then every client has the proxy's address, and the sign-in throttle counts them all as one.")]
    public static partial void UntrustedForwarder(ILogger logger, string address);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Session {SessionId} of user {UserId} ended ({Reason}).")]
    public static partial void SessionRevoked(ILogger logger, string sessionId, string userId, SessionRevocationReason reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not read the sessions other instances ended; sessions are checked against what this instance knows until the store answers again.")]
    public static partial void RevocationCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Deleted {Count} expired session(s).")]
    public static partial void ExpiredSessionsDeleted(ILogger logger, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "The {Event} event handler failed; the request goes on.")]
    public static partial void EventFailed(ILogger logger, Exception exception, string @event);

    /// <summary>Awaits an event handler; an event is a notification, so its failure is logged, never passed on.</summary>
    public static async Task RaiseAsync(ILogger logger, string name, Func<ValueTask> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception exception)
        {
            EventFailed(logger, exception, name);
        }
    }
}
