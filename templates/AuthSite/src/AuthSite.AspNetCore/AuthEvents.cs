using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>
/// Notifications after the fact (NextAuth's <c>events</c>): audit logs, analytics, emails.
/// The engine already writes a structured log line for each; these are for anything more.
/// </summary>
public sealed class AuthEvents
{
    /// <summary>After a successful sign-in.</summary>
    public Func<SignInEventContext, ValueTask> SignIn { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After a sign-out, with the token that was ended (if it could be read).</summary>
    public Func<SignOutEventContext, ValueTask> SignOut { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After the first OAuth or OpenID Connect sign-in of someone created a user.</summary>
    public Func<CreateUserEventContext, ValueTask> CreateUser { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After a provider account was linked to a user.</summary>
    public Func<LinkAccountEventContext, ValueTask> LinkAccount { get; set; } = _ => ValueTask.CompletedTask;

    /// <summary>After a session was read or updated.</summary>
    public Func<SessionEventContext, ValueTask> Session { get; set; } = _ => ValueTask.CompletedTask;
}

/// <summary>Arguments of <see cref="AuthEvents.SignIn"/>.</summary>
public sealed record SignInEventContext(HttpContext HttpContext, AuthUser User, AuthAccount Account, bool IsNewUser);

/// <summary>Arguments of <see cref="AuthEvents.SignOut"/>.</summary>
public sealed record SignOutEventContext(HttpContext HttpContext, JsonObject? Token);

/// <summary>Arguments of <see cref="AuthEvents.Session"/>.</summary>
public sealed record SessionEventContext(HttpContext HttpContext, Session Session, JsonObject Token);

/// <summary>Arguments of <see cref="AuthEvents.CreateUser"/>.</summary>
public sealed record CreateUserEventContext(HttpContext HttpContext, AuthUser User);

/// <summary>Arguments of <see cref="AuthEvents.LinkAccount"/>.</summary>
public sealed record LinkAccountEventContext(HttpContext HttpContext, AuthUser User, AuthAccount Account, JsonObject? Profile);
