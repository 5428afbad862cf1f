namespace AuthSite.AspNetCore;

/// <summary>
/// Notifications after the fact (NextAuth's <c>events</c>): audit logs, analytics, emails.
/// The engine already writes a structured log line for each; these are for anything more.
/// </summary>
public sealed class AuthEvents
{
    /// <summary>After a successful sign-in.</summary>
    public Func<SignInEventContext, ValueTask> SignIn { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After a sign-out, with the token that was ended (if it could be read). Sign-out also ends the session server-side.</summary>
    public Func<SignOutEventContext, ValueTask> SignOut { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After the first OAuth or OpenID Connect sign-in of someone created a user.</summary>
    public Func<CreateUserEventContext, ValueTask> CreateUser { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After a provider account was linked to a user.</summary>
    public Func<LinkAccountEventContext, ValueTask> LinkAccount { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After a session was read or updated.</summary>
    public Func<SessionEventContext, ValueTask> Session { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After sessions were ended before their time: sign-out, the session list, an administrator, a password change.</summary>
    public Func<SessionRevokedEventContext, ValueTask> SessionRevoked { get; set; } = _ => ValueTask.CompletedTask;
}
