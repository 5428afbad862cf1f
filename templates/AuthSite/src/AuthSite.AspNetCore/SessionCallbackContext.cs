using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthCallbacks.Session"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Session">The default session, built from the token.</param>
/// <param name="Token">The token, after the jwt callback.</param>
public sealed record SessionCallbackContext(HttpContext HttpContext, Session Session, JsonObject Token);
