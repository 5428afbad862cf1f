using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AuthSite.AspNetCore;

/// <summary>
/// Computes the session of a request once: authenticates the cookie (which runs the jwt callback and refreshes
/// the cookie when due), builds the default session from the token, runs the session callback.
/// </summary>
internal sealed class SessionReader(IOptions<SessionAuthOptions> options, ILogger<SessionReader> logger)
{
    /// <summary>The session of this request, or <see langword="null"/>. Later calls in the same request reuse the first result.</summary>
    public Task<Session?> GetSessionAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var feature = context.Features.Get<SessionFeature>();
        if (feature is null)
        {
            feature = new SessionFeature(ReadAsync(context));
            context.Features.Set(feature);
        }

        return feature.Session;
    }

    /// <summary>The token of this request after the jwt callback (NextAuth's <c>getToken</c>), or <see langword="null"/>.</summary>
    public static async Task<JsonObject?> GetTokenAsync(HttpContext context)
    {
        var result = await AuthenticateAsync(context);
        return result.Principal?.Identity is SessionIdentity identity ? identity.Token : null;
    }

    /// <summary>
    /// The session after a client's update (<c>POST /api/auth/session</c>) under the database strategy: the session
    /// callback runs afresh with <paramref name="data"/> and <see cref="JwtTriggers.Update"/> (NextAuth's
    /// <c>newSession</c> and <c>trigger</c>), never this request's cached read. <see langword="null"/> when nobody is signed in.
    /// </summary>
    public Task<Session?> UpdateSessionAsync(HttpContext context, JsonNode? data) => ReadAsync(context, data, JwtTriggers.Update);

    private async Task<Session?> ReadAsync(HttpContext context, JsonNode? newSession = null, string? trigger = null)
    {
        var result = await AuthenticateAsync(context);
        if (result.Principal?.Identity is not SessionIdentity identity)
        {
            return null;
        }

        return await CreateSessionAsync(context, identity.Token, result.Properties?.ExpiresUtc ?? DateTimeOffset.UnixEpoch, identity.User, newSession, trigger);
    }

    // UseAuthentication has already authenticated the default scheme, this one, and keeps a successful result in a
    // feature; asking the scheme again would give the same result at the cost of another pass through the framework.
    private static ValueTask<AuthenticateResult> AuthenticateAsync(HttpContext context) =>
        context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { Ticket.AuthenticationScheme: SessionAuthDefaults.AuthenticationScheme } result
            ? ValueTask.FromResult(result)
            : new(context.AuthenticateAsync(SessionAuthDefaults.AuthenticationScheme));

    /// <summary>Builds the default session from <paramref name="token"/> (NextAuth's shape) and runs the session callback and event.</summary>
    internal async Task<Session?> CreateSessionAsync(
        HttpContext context, JsonObject token, DateTimeOffset expires, AuthUser? user = null, JsonNode? newSession = null, string? trigger = null)
    {
        var auth = options.Value;
        var session = new Session
        {
            User = new SessionUser
            {
                Name = (string?)token["name"],
                Email = (string?)token["email"],
                Image = (string?)token["picture"],
            },
            Expires = expires,
        };

        var shaped = await auth.Callbacks.Session(new SessionCallbackContext(context, session, token) { User = user, NewSession = newSession, Trigger = trigger });
        if (shaped is not null)
        {
            await AuthLog.RaiseAsync(logger, "session", () => auth.Events.Session(new SessionEventContext(context, shaped, token)));
        }

        return shaped;
    }

    private sealed record SessionFeature(Task<Session?> Session);
}
