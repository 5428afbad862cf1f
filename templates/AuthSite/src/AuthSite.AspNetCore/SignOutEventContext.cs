using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthEvents.SignOut"/>.</summary>
/// <param name="HttpContext">The sign-out request.</param>
/// <param name="Token">The token that was ended, or <see langword="null"/> when it could not be read.</param>
public sealed record SignOutEventContext(HttpContext HttpContext, JsonObject? Token);
