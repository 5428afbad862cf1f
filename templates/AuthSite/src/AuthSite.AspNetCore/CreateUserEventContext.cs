namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthEvents.CreateUser"/>.</summary>
/// <param name="HttpContext">The sign-in request.</param>
/// <param name="User">The user the adapter created, with its new id.</param>
public sealed record CreateUserEventContext(HttpContext HttpContext, AuthUser User);
