using System.Text.Json.Nodes;

namespace AuthSite.AspNetCore;

/// <summary>Arguments of <see cref="AuthEvents.Session"/>.</summary>
/// <param name="HttpContext">The request.</param>
/// <param name="Session">The session as the session callback returned it.</param>
/// <param name="Token">The token, after the jwt callback.</param>
public sealed record SessionEventContext(HttpContext HttpContext, Session Session, JsonObject Token);
