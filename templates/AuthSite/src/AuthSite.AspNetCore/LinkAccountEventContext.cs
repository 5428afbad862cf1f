using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthEvents.LinkAccount"/>.</summary>
/// <param name="HttpContext">The sign-in request.</param>
/// <param name="User">The user the account now belongs to.</param>
/// <param name="Account">The provider account that was linked.</param>
/// <param name="Profile">The provider's profile (its claims), or <see langword="null"/>.</param>
public sealed record LinkAccountEventContext(HttpContext HttpContext, AuthUser User, AuthAccount Account, JsonObject? Profile);
